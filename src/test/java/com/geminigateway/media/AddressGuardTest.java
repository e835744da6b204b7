package com.geminigateway.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which resolved addresses an image download may reach (IP literals only: no DNS in a unit test). */
class AddressGuardTest {

    @ParameterizedTest(name = "{0} public={1}")
    @CsvSource({
            "8.8.8.8, true",
            "142.250.74.46, true",
            "2a00:1450:4001:82a::200e, true",
            "127.0.0.1, false",
            "127.8.9.10, false",
            "10.1.2.3, false",
            "172.16.0.1, false",
            "172.31.255.255, false",
            "192.168.1.1, false",
            "169.254.169.254, false",
            "100.64.0.1, false",
            "0.0.0.0, false",
            "224.0.0.1, false",
            "255.255.255.255, false",
            "192.0.0.170, false",
            "::1, false",
            "::, false",
            "fe80::1, false",
            "fd00:ec2::254, false",
            "::ffff:127.0.0.1, false",
            "::ffff:8.8.8.8, true",
    })
    void onlyPublicUnicastAddressesPass(String address, boolean expected) throws Exception {
        assertEquals(expected, AddressGuard.isPublic(InetAddress.getByName(address)));
    }
}
