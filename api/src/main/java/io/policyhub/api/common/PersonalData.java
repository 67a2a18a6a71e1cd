package io.policyhub.api.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field of a stored event that identifies a person (a name, an email, a licence number, a VIN).
 * The event store keeps it encrypted with the key of the event's {@link DataSubject}; erasing the
 * person forgets the key, and the field reads as null from then on, in every copy of the event.
 * Records nested in an event (a profile, a driver) are searched for such fields too.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface PersonalData {
}
