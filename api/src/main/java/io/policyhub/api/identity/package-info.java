/**
 * Message contract of identity: the commands, events, queries and views for registration, password
 * changes, profiles and login credentials, with user ids derived from the normalized username.
 */
package io.policyhub.api.identity;
