package io.policyhub.api.identity;

import io.policyhub.api.common.PersonalData;

/** A user's personal details; any field may be null while not given. */
public record Profile(@PersonalData String email, @PersonalData String firstName, @PersonalData String lastName,
                      @PersonalData String phone) {

    /** True once any of the details beyond the email was filled in. */
    public boolean hasPersonalDetails() {
        return firstName != null || lastName != null || phone != null;
    }

    /** This profile with the given fields replaced; null fields of {@code changes} keep the current value. */
    public Profile with(Profile changes) {
        return new Profile(
                changes.email() != null ? changes.email() : email,
                changes.firstName() != null ? changes.firstName() : firstName,
                changes.lastName() != null ? changes.lastName() : lastName,
                changes.phone() != null ? changes.phone() : phone);
    }
}
