/** The public live page's figures: counters and a feed of what happens, without anything personal. */
package io.policyhub.api.activity;
