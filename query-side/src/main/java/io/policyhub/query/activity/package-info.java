/** The public live page's data: counters and a feed without anything personal, as JSON and as Server-Sent Events. */
package io.policyhub.query.activity;
