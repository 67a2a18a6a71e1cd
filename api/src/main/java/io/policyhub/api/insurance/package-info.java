/**
 * Message contract of OSAGO quote applications: submitting an application to several insurers, recording
 * each insurer's quote or failure, accepting one quote, and reading the application's progress.
 */
package io.policyhub.api.insurance;
