package dev.engram.transfer;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.engram.transfer.TransferFixture.JSON;
import static dev.engram.transfer.TransferFixture.as;
import static dev.engram.transfer.TransferFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CSV export (one quoted row per memory) and the file names in Content-Disposition.
 */
@QuarkusTest
class CsvExportTest {

    @Inject
    TransferFixture fixture;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void csvShouldHoldOneQuotedRowPerMemoryAndTheHeadersShouldNameTheFile() throws Exception {
        String tenant = "xfer-g-" + run;
        String key = key(tenant);
        Map<String, String> ids = fixture.fill(key);
        Response response = as(key).queryParam("format", "csv").get("/v1/export");
        response.then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv"))
                .header("Content-Disposition", org.hamcrest.Matchers.matchesPattern(
                        "attachment; filename=\"engram-" + tenant + "-\\d{8}T\\d{6}Z\\.csv\""));
        var rows = new com.fasterxml.jackson.dataformat.csv.CsvMapper()
                .readerForListOf(String.class).with(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY)
                .<List<String>>readValues(response.asString()).readAll();
        assertThat(rows).hasSize(1 + 4);
        List<String> columns = rows.get(0);
        assertThat(columns).startsWith("id", "type", "contextId").doesNotContain("embedding");
        List<String> seat = rows.stream().filter(r -> r.get(0).equals(ids.get("memory"))).findFirst().orElseThrow();
        assertThat(seat.get(columns.indexOf("content")))
                .isEqualTo("Ana prefers window seats on long flights, \"always\",\neven at night");
        assertThat(JSON.readTree(seat.get(columns.indexOf("keywords")))).isEqualTo(JSON.readTree("[\"flight\",\"seat\"]"));
        assertThat(seat.get(columns.indexOf("accessCount"))).isEqualTo("7");
        as(key).queryParam("format", "ndjson").get("/v1/export").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/x-ndjson"))
                .header("Content-Disposition", org.hamcrest.Matchers.endsWith(".ndjson\""));
        List<String> withVectors = new com.fasterxml.jackson.dataformat.csv.CsvMapper().readerForListOf(String.class)
                .with(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY)
                .<List<String>>readValues(as(key).queryParam("format", "csv").queryParam("embeddings", true)
                        .get("/v1/export").asString()).next();
        assertThat(withVectors).endsWith("embedding");

        // without format, Accept picks the format (a wildcard keeps the NDJSON default; format wins over Accept)
        as(key).accept("text/csv").get("/v1/export").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv"))
                .header("Content-Disposition", org.hamcrest.Matchers.endsWith(".csv\""));
        as(key).accept("text/csv;q=0.5, application/json").get("/v1/export").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/json"));
        as(key).accept("*/*").get("/v1/export").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/x-ndjson"));
        as(key).header("Accept", "").get("/v1/export").then().statusCode(200) // found by ApiFuzzTest: was a 500
                .contentType(org.hamcrest.Matchers.startsWith("application/x-ndjson"));
        as(key).header("Accept", "").queryParam("format", "NaN").get("/v1/export").then().statusCode(400);
        as(key).accept("text/csv").queryParam("format", "csv").get("/v1/export").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv"));
    }
}
