package io.policyhub.api.identity;

import java.util.UUID;

import io.policyhub.api.common.DataSubject;
import io.policyhub.api.common.PersonalData;

/** The username stays readable: it is the login name and the user id derives from it (a pseudonym the user chose). */
public record UserRegistered(@DataSubject UUID userId, String username, @PersonalData String passwordHash, Profile profile) {
}
