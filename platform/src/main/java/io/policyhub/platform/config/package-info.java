/** How the application's own switches shape Spring Boot's auto-configuration. */
package io.policyhub.platform.config;
