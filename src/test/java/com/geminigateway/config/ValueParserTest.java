package com.geminigateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueParserTest {

    @Test
    void keyListSplitsOnCommasSpacesAndNewlines() {
        List<String> keys = ValueParser.keyList().parse("k1,k2 k3\nk4\r\n\tk5 , ,k6");
        assertEquals(List.of("k1", "k2", "k3", "k4", "k5", "k6"), keys);
    }

    @Test
    void keyListDropsDuplicatesKeepingFirstOrder() {
        assertEquals(List.of("b", "a", "c"), ValueParser.keyList().parse("b,a,b\na c a"));
    }

    @Test
    void keyListAcceptsAnyTokenAndEmptyInput() {
        assertEquals(List.of("not-an-AIza-key"), ValueParser.keyList().parse("not-an-AIza-key"));
        assertEquals(List.of(), ValueParser.keyList().parse(""));
        assertEquals(List.of(), ValueParser.keyList().parse(" ,, \n"));
    }

    @Test
    void keyEntriesMayNameAProjectAndATier() {
        assertEquals(List.of("k1@team-a", "k2/tier1", "k3@projects:1.x_y/tier-2"),
                ValueParser.keyList().parse("k1@team-a, k2/tier1 k3@projects:1.x_y/tier-2"));
        for (String bad : List.of("k1@", "k1/", "@team", "k1@a@b", "k1/t1/t2", "k1@te;am", "k1@team/ti.er", "/tier1")) {
            assertThrows(IllegalArgumentException.class, () -> ValueParser.keyList().parse(bad), bad);
        }
    }

    @Test
    void scoreWeightsNameAnyOfTheFourQuotas() {
        assertEquals(GatewayConfig.ScoreWeights.DEFAULT,
                ValueParser.scoreWeights().parse("RPD=0.60,TPD=0.20,RPM=0.15,TPM=0.05"));
        assertEquals(new GatewayConfig.ScoreWeights(1.0, 0, 0, 0.5), ValueParser.scoreWeights().parse("rpd=1, tpm=0.5"));
        assertEquals(GatewayConfig.ScoreWeights.DEFAULT,
                ValueParser.scoreWeights().parse(GatewayConfig.ScoreWeights.DEFAULT.toString()), "its display reads back");
        for (String bad : List.of("", "RPD", "RPD=-1", "RPD=0,TPD=0", "XYZ=1", "RPD=1,RPD=2", "RPD=lots", "RPD=NaN")) {
            assertThrows(IllegalArgumentException.class, () -> ValueParser.scoreWeights().parse(bad), bad);
        }
    }

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", "1,true", "yes,true", "On,true",
                "false,false", "False,false", "0,false", "NO,false", "off,false"})
    void booleansAcceptTheUsualSpellings(String text, boolean expected) {
        assertEquals(expected, ValueParser.bool().parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "y", "enabled", "2", "truee"})
    void otherBooleanSpellingsAreRejected(String text) {
        assertThrows(IllegalArgumentException.class, () -> ValueParser.bool().parse(text));
    }

    @Test
    void intRangeEnforcesBothBounds() {
        ValueParser<Integer> port = ValueParser.intRange(1, 65535);
        assertEquals(1, port.parse("1"));
        assertEquals(65535, port.parse("65535"));
        assertThrows(IllegalArgumentException.class, () -> port.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> port.parse("65536"));
        assertThrows(IllegalArgumentException.class, () -> port.parse("abc"));
        assertThrows(IllegalArgumentException.class, () -> port.parse("1.5"));
        assertThrows(IllegalArgumentException.class, () -> port.parse("99999999999"));
        assertEquals("expected a whole number from 1 to 65535", port.expectation());
    }

    @Test
    void atLeastHasNoUpperBound() {
        ValueParser<Integer> rate = ValueParser.atLeast(0);
        assertEquals(0, rate.parse("0"));
        assertEquals(Integer.MAX_VALUE, rate.parse(Integer.toString(Integer.MAX_VALUE)));
        assertThrows(IllegalArgumentException.class, () -> rate.parse("-1"));
        assertEquals("expected a whole number of 0 or more", rate.expectation());
    }

    @ParameterizedTest
    @CsvSource({"debug,DEBUG", "Info,INFO", "WARNING,WARN", "warning,WARN", "warn,WARN", "ERROR,ERROR"})
    void logLevelsAreNormalised(String text, String expected) {
        assertEquals(expected, ValueParser.logLevel().parse(text));
    }

    @Test
    void unknownLogLevelIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ValueParser.logLevel().parse("TRACE"));
    }

    @Test
    void choiceIsCaseInsensitiveAndStoredLowerCase() {
        ValueParser<String> rotation = ValueParser.lowerCaseChoice("midnight", "hourly");
        assertEquals("hourly", rotation.parse("HOURLY"));
        assertThrows(IllegalArgumentException.class, () -> rotation.parse("monthly"));
        assertEquals("expected one of midnight, hourly", rotation.expectation());
    }

    @Test
    void urlLosesTrailingSlashes() {
        assertEquals(URI.create("https://example.com/gemini"), ValueParser.httpUrl().parse("https://example.com/gemini//"));
        assertEquals(URI.create("http://localhost:8080"), ValueParser.httpUrl().parse("http://localhost:8080/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "example.com", "ftp://example.com", "https://", "/relative/path",
                            "https://example.com/?key=1", "https://exa mple.com"})
    void urlMustBeAbsoluteHttpWithoutQuery(String text) {
        assertThrows(IllegalArgumentException.class, () -> ValueParser.httpUrl().parse(text));
    }

    @Test
    void blankPasswordMeansNotSet() {
        assertEquals(Optional.empty(), ValueParser.optionalText().parse(""));
        assertEquals(Optional.of("secret"), ValueParser.optionalText().parse("secret"));
    }

    @Test
    void pathAndHostMustNotBeBlank() {
        assertEquals(Path.of("data/x"), ValueParser.path().parse("data/x"));
        assertThrows(IllegalArgumentException.class, () -> ValueParser.path().parse(""));
        assertThrows(IllegalArgumentException.class, () -> ValueParser.nonBlank("expected a host").parse(" "));
    }
}
