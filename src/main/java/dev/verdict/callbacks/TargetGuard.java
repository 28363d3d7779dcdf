package dev.verdict.callbacks;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Server-side request forgery rules for callback targets (DESIGN §4): an address that is loopback,
 * private, link-local, CGNAT, unique-local, multicast or unspecified, or an IPv6 address carrying
 * such an IPv4 address (mapped, compatible, 6to4, NAT64, Teredo), is refused unless it lies in an
 * allowed CIDR block. A host written as an IP address is read in every spelling other software
 * accepts ({@link IpLiterals}) and never looked up. The addresses checked are the addresses
 * connected to (see {@link CallbackSender}), so a DNS answer cannot change between the check and
 * the connection.
 */
public final class TargetGuard {
    private static final List<Cidr> BLOCKED = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"), Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.0.0.0/24"),
            Cidr.parse("192.168.0.0/16"), Cidr.parse("198.18.0.0/15"), Cidr.parse("224.0.0.0/3"),
            Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"),
            Cidr.parse("ff00::/8"));

    private final List<Cidr> allowed;

    public TargetGuard(List<String> allowedCidrs) {
        this.allowed = allowedCidrs.stream().map(Cidr::parse).toList();
    }

    /** Thrown when a target may not be called. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Resolves a host and returns its addresses when every one may be called. An IP address is
     * judged as the address it spells, and must then be written in standard form, so that whatever
     * reads the URL after this check reads the same address.
     */
    public InetAddress[] resolve(String host) throws Refused {
        Optional<InetAddress> literal;
        try {
            literal = IpLiterals.parse(host);
        } catch (IpLiterals.InvalidAddress e) {
            throw new Refused("the callback host " + e.getMessage());
        }
        if (literal.isPresent()) {
            check(literal.get());
            if (!IpLiterals.standardSpelling(host, literal.get())) {
                var standard = literal.get().getHostAddress();
                throw new Refused("the callback host '" + host + "' is a non-standard spelling of " + standard
                        + "; write it as " + standard);
            }
            return new InetAddress[] {literal.get()};
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("cannot resolve the callback host");
        }
        for (var address : addresses) {
            check(address);
        }
        return addresses;
    }

    public void check(InetAddress address) throws Refused {
        if (allowed.stream().anyMatch(c -> c.contains(address))) {
            return;
        }
        if (reserved(address)) {
            throw new Refused("the callback target resolves to a private, loopback or reserved address ("
                    + address.getHostAddress() + ")");
        }
        for (var embedded : IpLiterals.embeddedIpv4(address)) {
            if (reserved(embedded)) {
                throw new Refused("the callback target resolves to " + address.getHostAddress()
                        + ", which carries the private, loopback or reserved address " + embedded.getHostAddress());
            }
        }
    }

    private static boolean reserved(InetAddress address) {
        return BLOCKED.stream().anyMatch(c -> c.contains(address)) || address.isAnyLocalAddress()
                || address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress();
    }

    /** An address block in CIDR notation. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            var slash = text.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("not a CIDR block: " + text);
            }
            try {
                var address = InetAddress.getByName(text.substring(0, slash));
                var bytes = address.getAddress();
                // ::ffff:a.b.c.d arrives as a 4-byte address; keep the family the text was written in
                if (text.contains(":") && bytes.length == 4) {
                    var mapped = new byte[16];
                    mapped[10] = (byte) 0xff;
                    mapped[11] = (byte) 0xff;
                    System.arraycopy(bytes, 0, mapped, 12, 4);
                    bytes = mapped;
                }
                return new Cidr(bytes, Integer.parseInt(text.substring(slash + 1)));
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR block: " + text, e);
            }
        }

        boolean contains(InetAddress address) {
            // Java turns ::ffff:a.b.c.d into an IPv4 address, which the IPv4 blocks then judge
            var bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            var bits = bytes.length * 8;
            var mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
            return new BigInteger(1, bytes).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }
}
