package io.policyhub.api.identity;

import java.util.UUID;

import io.policyhub.api.common.DataSubject;
import io.policyhub.api.common.PersonalData;

public record PasswordChanged(@DataSubject UUID userId, @PersonalData String passwordHash) {
}
