package io.policyhub.api.identity;

import java.util.UUID;

/** Answers a Boolean: whether the user is an administrator now (a refresh asks it afresh). */
public record IsAdministrator(UUID userId) {
}
