package com.geminigateway.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.net.ClientAddressResolver.Header;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    static ClientAddressResolver trusting(Header header, String... blocks) {
        return new ClientAddressResolver(List.of(blocks).stream().map(Cidr::parse).toList(), header);
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        ClientAddressResolver r = trusting(Header.X_FORWARDED_FOR);
        assertEquals("192.0.2.10", r.resolve("192.0.2.10", List.of("203.0.113.5")));
    }

    @Test
    void anUntrustedPeerCannotClaimAnotherAddress() {
        ClientAddressResolver r = trusting(Header.X_FORWARDED_FOR, "10.0.0.0/8");
        assertEquals("192.0.2.10", r.resolve("192.0.2.10", List.of("10.1.1.1, 203.0.113.5")));
    }

    @Test
    void aTrustedProxyIsBelievedAndTheChainIsWalkedFromTheRight() {
        ClientAddressResolver r = trusting(Header.X_FORWARDED_FOR, "10.0.0.0/8");
        assertEquals("203.0.113.5", r.resolve("10.0.0.1", List.of("203.0.113.5")));
        // The client wrote "198.51.100.1" itself; the proxies appended 203.0.113.5 and 10.2.2.2.
        assertEquals("203.0.113.5", r.resolve("10.0.0.1", List.of("198.51.100.1, 203.0.113.5, 10.2.2.2")));
        // Several header lines are one list.
        assertEquals("203.0.113.5", r.resolve("10.0.0.1", List.of("198.51.100.1", "203.0.113.5", "10.2.2.2")));
    }

    @Test
    void whenEveryHopIsTrustedTheLeftmostIsTheClient() {
        ClientAddressResolver r = trusting(Header.X_FORWARDED_FOR, "10.0.0.0/8");
        assertEquals("10.3.3.3", r.resolve("10.0.0.1", List.of("10.3.3.3, 10.2.2.2")));
    }

    @Test
    void anUnreadableHopEndsTheWalkAtTheLastKnownAddress() {
        ClientAddressResolver r = trusting(Header.X_FORWARDED_FOR, "10.0.0.0/8");
        assertEquals("10.2.2.2", r.resolve("10.0.0.1", List.of("203.0.113.5, evil.example.com, 10.2.2.2")));
        assertEquals("10.0.0.1", r.resolve("10.0.0.1", List.of("unknown")));
    }

    @Test
    void portsAndIpv6AreUnderstood() {
        ClientAddressResolver r = trusting(Header.X_FORWARDED_FOR, "::1", "fd00::/8");
        assertEquals("2001:db8:0:0:0:0:0:7", r.resolve("0:0:0:0:0:0:0:1", List.of("[2001:db8::7]:4711, fd00::2")));
        assertEquals("203.0.113.5", r.resolve("::1", List.of("203.0.113.5:51000")));
    }

    @Test
    void theForwardedHeaderIsParsedWhenChosen() {
        ClientAddressResolver r = trusting(Header.FORWARDED, "10.0.0.0/8");
        assertEquals("2001:db8:cafe:0:0:0:0:17", r.resolve("10.0.0.1",
                List.of("for=198.51.100.1, for=\"[2001:db8:cafe::17]:4711\";proto=https, For=10.2.2.2;by=10.0.0.1")));
        assertEquals("10.0.0.1", r.resolve("10.0.0.1", List.of("for=_hidden")));
        assertEquals("10.0.0.1", r.resolve("10.0.0.1", List.of("proto=https")));
    }

    @Test
    void ipv4MappedAddressesMatchIpv4Blocks() {
        ClientAddressResolver r = trusting(Header.X_FORWARDED_FOR, "10.0.0.0/8");
        assertEquals("203.0.113.5", r.resolve("::ffff:10.0.0.1", List.of("203.0.113.5")));
    }

    @Test
    void cidrBlocks() {
        Cidr block = Cidr.parse("192.168.4.0/22");
        assertTrue(block.contains(IpAddresses.parse("192.168.7.255").orElseThrow()));
        assertFalse(block.contains(IpAddresses.parse("192.168.8.0").orElseThrow()));
        assertFalse(block.contains(IpAddresses.parse("::1").orElseThrow()));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(IpAddresses.parse("8.8.8.8").orElseThrow()));
        assertEquals(Cidr.parse("10.1.2.3/8"), Cidr.parse("10.0.0.0/8"));
        for (String bad : new String[] {"10.0.0.0/33", "localhost", "10.0.0.256", "10.0.0.1:80", "fd00::/129", "10.0.0.0/x"}) {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad), bad);
        }
    }

    @Test
    void hostNamesAreNeverLookedUp() {
        assertEquals(Optional.empty(), IpAddresses.parse("localhost"));
        assertEquals(Optional.empty(), IpAddresses.parse("example.com"));
        assertEquals(Optional.empty(), IpAddresses.parse("1.2.3"));
    }
}
