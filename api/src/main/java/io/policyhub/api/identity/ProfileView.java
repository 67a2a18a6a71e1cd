package io.policyhub.api.identity;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The profile as its owner reads it; birthday, sex, city and interests are null unless given at sign-up through the old messenger. */
public record ProfileView(UUID userId, String username, String email, String firstName, String lastName, String phone,
                          LocalDate birthday, String sex, String city, List<String> interests) {

    public ProfileView(UUID userId, String username, String email, String firstName, String lastName, String phone) {
        this(userId, username, email, firstName, lastName, phone, null, null, null, null);
    }

    public static ProfileView of(UUID userId, String username, Profile profile) {
        return new ProfileView(userId, username, profile.email(), profile.firstName(), profile.lastName(), profile.phone(),
                profile.birthday(), profile.sex(), profile.city(), profile.interests());
    }
}
