package io.policyhub.api.identity;

/** Answers a Boolean: whether any user is an administrator now (the bootstrap grants only when none is). */
public record AnyAdministrator() {
}
