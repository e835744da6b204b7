package com.geminigateway.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IpAddressesTest {

    /** What the hand-written scan replaced; it must accept exactly the same texts. */
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?::\\d{1,5})?");

    @Test
    void ipv4LiteralsWithOrWithoutPortAreRead() {
        assertArrayEquals(new int[]{10, 0, 0, 1}, IpAddresses.ipv4Numbers("10.0.0.1"));
        assertArrayEquals(new int[]{192, 168, 1, 254}, IpAddresses.ipv4Numbers("192.168.1.254:65535"));
        assertArrayEquals(new int[]{999, 1, 1, 1}, IpAddresses.ipv4Numbers("999.1.1.1"), "shape only; parse rejects it");
        for (String notIpv4 : new String[]{"", "1.2.3", "1.2.3.4.", "1.2.3.4:", "1.2.3.4:123456", "1234.1.1.1",
                "1..2.3", "a.b.c.d", "1.2.3.4 ", "::1", "[10.0.0.1]:80", "1.2.3.4:80x"}) {
            assertNull(IpAddresses.ipv4Numbers(notIpv4), notIpv4);
        }
        assertEquals("10.0.0.1", IpAddresses.format(IpAddresses.parse(" 10.0.0.1:4711 ").orElseThrow()));
        assertTrue(IpAddresses.parse("256.0.0.1").isEmpty());
        assertTrue(IpAddresses.parse("256.0.0.1:80").isEmpty());
    }

    @Test
    void theScanAcceptsWhatTheRegularExpressionAccepted() {
        Random random = new Random(42);
        String alphabet = "0123456789.:a";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                // Mostly digits and dots, so that many texts come close to an address.
                text.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : random.nextInt(3) == 0 ? '.' : (char) ('0' + random.nextInt(10)));
            }
            String s = text.toString();
            Matcher m = IPV4.matcher(s);
            int[] numbers = IpAddresses.ipv4Numbers(s);
            if (m.matches()) {
                int[] expected = new int[4];
                for (int i = 0; i < 4; i++) {
                    expected[i] = Integer.parseInt(m.group(i + 1));
                }
                assertArrayEquals(expected, numbers, s);
            } else {
                assertNull(numbers, s);
            }
        }
    }
}
