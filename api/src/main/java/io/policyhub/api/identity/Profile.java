package io.policyhub.api.identity;

import java.time.LocalDate;
import java.util.List;

import io.policyhub.api.common.PersonalData;

/**
 * A user's personal details; any field may be null while not given. Birthday, sex, city and
 * interests come from the old messenger's sign-up, which asked for them.
 */
public record Profile(@PersonalData String email, @PersonalData String firstName, @PersonalData String lastName,
                      @PersonalData String phone, @PersonalData LocalDate birthday, @PersonalData String sex,
                      @PersonalData String city, @PersonalData List<String> interests) {

    public Profile(String email, String firstName, String lastName, String phone) {
        this(email, firstName, lastName, phone, null, null, null, null);
    }

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
                changes.phone() != null ? changes.phone() : phone,
                changes.birthday() != null ? changes.birthday() : birthday,
                changes.sex() != null ? changes.sex() : sex,
                changes.city() != null ? changes.city() : city,
                changes.interests() != null ? changes.interests() : interests);
    }
}
