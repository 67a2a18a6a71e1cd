/**
 * The user aggregate and the identity command endpoints: registration, password change, and profile
 * creation and update, with passwords hashed at the edge. In the local profile it also registers the
 * operator account.
 */
package io.policyhub.command.identity;
