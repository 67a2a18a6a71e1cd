package io.policyhub.app.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.UUID;

import io.policyhub.api.insurance.ApplicationSubmitted;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.EventLog;
import io.policyhub.app.support.InsurerSimulator;
import io.policyhub.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The client's file: identity documents and relatives, their rules, their owner only, and applications that name a relative. */
@IntegrationTest
@ExtendWith(InsurerSimulator.Prompt.class)
class ClientFileIT {

    private static final String DOCUMENTS = "/api/v1/profile/documents";
    private static final String RELATIVES = "/api/v1/profile/relatives";
    private static final String DRIVING_SPOUSE = """
            {"relation": "SPOUSE", "fullName": "Olga Petrova", "birthDate": "1990-05-01",
             "licenseNumber": "7712 345678", "licenseIssuedAt": "2010-06-01"}""";

    @LocalServerPort
    int port;

    @Autowired
    EventLog events;

    private Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void documentsAreKeptNormalizedReadAtOnceAndRemoved() {
        Api.User user = api.newUser();

        Api.Response passport = api.post(DOCUMENTS, user.token(), """
                {"type": "PASSPORT", "number": "4510 123456", "issuedAt": "2015-01-01"}""");
        Api.Response licence = api.post(DOCUMENTS, user.token(), """
                {"type": "DRIVER_LICENSE", "number": "77 ab 123456", "issuedAt": "2020-03-04", "expiresAt": "2030-03-04"}""");

        assertThat(passport.status()).as(passport.body()).isEqualTo(201);
        assertThat(licence.status()).as(licence.body()).isEqualTo(201);
        JsonNode kept = api.get(DOCUMENTS, user.token()).json();
        assertThat(kept).hasSize(2);
        assertThat(kept.get(0).get("documentId").asString()).isEqualTo(passport.json().get("documentId").asString());
        assertThat(kept.get(0).get("number").asString()).isEqualTo("4510123456");
        assertThat(kept.get(0).get("expiresAt").isNull()).isTrue();
        assertThat(kept.get(1).get("type").asString()).isEqualTo("DRIVER_LICENSE");
        assertThat(kept.get(1).get("number").asString()).isEqualTo("77AB123456");
        assertThat(kept.get(1).get("expiresAt").asString()).isEqualTo("2030-03-04");

        Api.Response again = api.post(DOCUMENTS, user.token(), """
                {"type": "PASSPORT", "number": "4510123456", "issuedAt": "2016-01-01"}""");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).isEqualTo("/problems/document-exists");

        assertThat(api.delete(DOCUMENTS + "/" + passport.json().get("documentId").asString(), user.token()).status()).isEqualTo(204);
        assertThat(api.get(DOCUMENTS, user.token()).json()).hasSize(1);
        assertThat(api.delete(DOCUMENTS + "/" + passport.json().get("documentId").asString(), user.token()).status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"type\": \"PASSPORT\", \"number\": \"77AB123456\", \"issuedAt\": \"2015-01-01\"}",
            "{\"type\": \"PASSPORT\", \"number\": \"4510123456\", \"issuedAt\": \"2015-01-01\", \"expiresAt\": \"2014-01-01\"}",
            "{\"type\": \"VISA\", \"number\": \"4510123456\", \"issuedAt\": \"2015-01-01\"}",
            "{\"type\": \"PASSPORT\", \"number\": \"4510123456\"}",
            "{\"type\": \"PASSPORT\", \"number\": \"4510\\u0000123456\", \"issuedAt\": \"2015-01-01\"}",
            "{\"relation\": \"CHILD\", \"fullName\": \"Anna\", \"birthDate\": \"2010-01-01\", \"licenseNumber\": \"7712345678\"}",
            "{\"relation\": \"CHILD\", \"fullName\": \"Anna\", \"birthDate\": \"2010-01-01\", \"licenseNumber\": \"7712345678\", \"licenseIssuedAt\": \"2020-01-01\"}",
            "{\"relation\": \"FRIEND\", \"fullName\": \"Anna\", \"birthDate\": \"2010-01-01\"}",
            "{\"relation\": \"CHILD\", \"fullName\": \"<script>\", \"birthDate\": \"2010-01-01\"}",
            "{\"relation\": \"CHILD\", \"fullName\": \"Anna\", \"birthDate\": \"2999-01-01\"}"})
    void implausibleEntriesAreRefusedAndNothingIsKept(String body) {
        Api.User user = api.newUser();
        String path = body.contains("relation") ? RELATIVES : DOCUMENTS;

        Api.Response refused = api.post(path, user.token(), body);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(api.get(path, user.token()).json()).isEmpty();
    }

    @Test
    void relativesWithAndWithoutALicenceAreKeptAndAtMostTen() {
        Api.User user = api.newUser();

        Api.Response spouse = api.post(RELATIVES, user.token(), DRIVING_SPOUSE);
        Api.Response child = api.post(RELATIVES, user.token(), """
                {"relation": "CHILD", "fullName": "Masha Petrova", "birthDate": "2019-09-09"}""");

        assertThat(spouse.status()).as(spouse.body()).isEqualTo(201);
        assertThat(child.status()).as(child.body()).isEqualTo(201);
        JsonNode kept = api.get(RELATIVES, user.token()).json();
        assertThat(kept).hasSize(2);
        assertThat(kept.get(0).get("licenseNumber").asString()).isEqualTo("7712 345678");
        assertThat(kept.get(1).get("licenseNumber").isNull()).isTrue();
        assertThat(api.post(RELATIVES, user.token(), DRIVING_SPOUSE).status()).as("the same person twice").isEqualTo(409);
        for (int i = 0; i < 8; i++) {
            assertThat(api.post(RELATIVES, user.token(), """
                    {"relation": "OTHER", "fullName": "Cousin %s", "birthDate": "1980-01-0%d"}""".formatted((char) ('A' + i), i + 1))
                    .status()).isEqualTo(201);
        }
        Api.Response eleventh = api.post(RELATIVES, user.token(), """
                {"relation": "OTHER", "fullName": "One Too Many", "birthDate": "1980-02-02"}""");
        assertThat(eleventh.status()).isEqualTo(409);
        assertThat(eleventh.json().get("type").asString()).isEqualTo("/problems/too-many-relatives");
        assertThat(api.get(RELATIVES, user.token()).json()).hasSize(10);
    }

    @Test
    void aFileIsItsOwnersOnly() {
        Api.User owner = api.newUser();
        Api.User other = api.newUser();
        String documentId = api.post(DOCUMENTS, owner.token(), """
                {"type": "PASSPORT", "number": "4510123456", "issuedAt": "2015-01-01"}""").json().get("documentId").asString();
        String relativeId = api.post(RELATIVES, owner.token(), DRIVING_SPOUSE).json().get("relativeId").asString();

        assertThat(api.get(DOCUMENTS, other.token()).json()).isEmpty();
        assertThat(api.get(RELATIVES, other.token()).json()).isEmpty();
        assertThat(api.delete(DOCUMENTS + "/" + documentId, other.token()).status()).isEqualTo(404);
        assertThat(api.delete(RELATIVES + "/" + relativeId, other.token()).status()).isEqualTo(404);
        assertThat(api.get(DOCUMENTS, owner.token()).json()).hasSize(1);
        assertThat(api.get(DOCUMENTS, null).status()).isEqualTo(401);
        assertThat(api.post(RELATIVES, null, DRIVING_SPOUSE).status()).isEqualTo(401);
        Api.Response otherApplies = api.post("/api/v1/insurance/applications", other.token(), "application/json",
                withRelative(relativeId), UUID.randomUUID().toString());
        assertThat(otherApplies.status()).as("someone else's relative").isEqualTo(422);
        assertThat(otherApplies.json().get("type").asString()).isEqualTo("/problems/unknown-relative");
    }

    @Test
    void anApplicationNamesARelativeInsteadOfRepeatingTheDriver() {
        Api.User user = api.newUser();
        String spouse = api.post(RELATIVES, user.token(), DRIVING_SPOUSE).json().get("relativeId").asString();
        String child = api.post(RELATIVES, user.token(), """
                {"relation": "CHILD", "fullName": "Masha Petrova", "birthDate": "2019-09-09"}""").json().get("relativeId").asString();

        Api.Response notADriver = api.post("/api/v1/insurance/applications", user.token(), "application/json",
                withRelative(child), UUID.randomUUID().toString());
        Api.Response both = api.post("/api/v1/insurance/applications", user.token(), "application/json",
                InsurerSimulator.APPLICATION.replace("\"region\"", "\"driverRelativeId\": \"" + spouse + "\", \"region\""),
                UUID.randomUUID().toString());
        Api.Response applied = api.post("/api/v1/insurance/applications", user.token(), "application/json",
                withRelative(spouse), UUID.randomUUID().toString());

        assertThat(notADriver.status()).isEqualTo(422);
        assertThat(notADriver.json().get("type").asString()).isEqualTo("/problems/relative-not-a-driver");
        assertThat(both.status()).as("a driver given twice").isEqualTo(400);
        assertThat(applied.status()).as(applied.body()).isEqualTo(202);
        ApplicationSubmitted submitted = (ApplicationSubmitted) events.events(applied.json().get("applicationId").asString())
                .get(0).getPayload();
        assertThat(submitted.details().driver().fullName()).isEqualTo("Olga Petrova");
        assertThat(submitted.details().driver().licenseNumber()).isEqualTo("7712 345678");
        assertThat(submitted.details().driver().birthDate()).isEqualTo(LocalDate.of(1990, 5, 1));
    }

    private static String withRelative(String relativeId) {
        return """
                {"vehicle": {"vin": "XTA210990Y2766389", "make": "Lada", "model": "Vesta", "year": 2021, "enginePowerHp": 106},
                 "driverRelativeId": "%s", "region": "Moscow"}""".formatted(relativeId);
    }
}
