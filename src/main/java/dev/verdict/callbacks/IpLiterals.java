package dev.verdict.callbacks;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads a host the way other software reads it, so the SSRF check judges the address a request
 * would really reach. A host whose last label is a number is an IPv4 address in one of the forms
 * inet_aton and browsers accept (127.1, 0177.0.0.1, 0x7f.0.0.1, 2130706433), never a name to look
 * up; an IPv6 address may carry an IPv4 address inside it (mapped, compatible, 6to4, NAT64, Teredo).
 */
final class IpLiterals {
    private static final Pattern NUMBER = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");
    private static final BigInteger BYTE_LIMIT = BigInteger.valueOf(256);

    private IpLiterals() {}

    /** Thrown for a host that is written as an IP address but is not a valid one. */
    static final class InvalidAddress extends Exception {
        InvalidAddress(String message) {
            super(message);
        }
    }

    /** The address a host spells when it is an IP literal (brackets optional for IPv6); empty for a host name. */
    static Optional<InetAddress> parse(String host) throws InvalidAddress {
        if (host.contains(":")) {
            var inner = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            try {
                // in brackets Java reads an IPv6 literal or fails; it never asks a resolver
                return Optional.of(InetAddress.getByName("[" + inner + "]"));
            } catch (UnknownHostException e) {
                throw new InvalidAddress("'" + host + "' is not a valid IPv6 address");
            }
        }
        var ipv4 = ipv4(host);
        if (ipv4.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(ipv4.get()));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }

    /** Whether the host is written the one way everybody reads alike: dotted decimal, no leading zeros. */
    static boolean standardSpelling(String host, InetAddress address) {
        return !(address instanceof Inet4Address) || host.equals(address.getHostAddress());
    }

    /** The IPv4 addresses an IPv6 address carries, which reach (or route to) that IPv4 host. */
    static List<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return List.of();
        }
        var b = address.getAddress();
        var found = new ArrayList<InetAddress>();
        if (zero(b, 0, 12)) {
            found.add(ipv4At(b, 12, false)); // IPv4-compatible ::a.b.c.d (::/96)
        } else if (zero(b, 0, 10) && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
            found.add(ipv4At(b, 12, false)); // IPv4-mapped ::ffff:a.b.c.d
        } else if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && zero(b, 4, 12)) {
            found.add(ipv4At(b, 12, false)); // NAT64 64:ff9b::a.b.c.d
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            found.add(ipv4At(b, 2, false)); // 6to4 2002:AABB:CCDD::
        } else if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            found.add(ipv4At(b, 4, false)); // Teredo: the server ...
            found.add(ipv4At(b, 12, true)); // ... and the client, stored inverted
        }
        return found;
    }

    /** WHATWG URL's IPv4 parser: empty when the host does not end in a number (it is a name). */
    private static Optional<byte[]> ipv4(String host) throws InvalidAddress {
        var parts = new ArrayList<>(Arrays.asList(host.split("\\.", -1)));
        if (parts.size() > 1 && parts.getLast().isEmpty()) {
            parts.removeLast(); // "127.0.0.1." is the same address
        }
        if (!NUMBER.matcher(parts.getLast()).matches()) {
            return Optional.empty();
        }
        // made only when thrown: a stack trace per valid address cost every callback delivery its share
        Supplier<InvalidAddress> invalid = () -> new InvalidAddress("'" + host + "' is not a valid IPv4 address");
        if (parts.size() > 4) {
            throw invalid.get();
        }
        var numbers = new ArrayList<BigInteger>();
        for (var part : parts) {
            numbers.add(number(part).orElseThrow(invalid));
        }
        var value = BigInteger.ZERO;
        for (int i = 0; i < numbers.size() - 1; i++) {
            if (numbers.get(i).compareTo(BYTE_LIMIT) >= 0) {
                throw invalid.get();
            }
            value = value.add(numbers.get(i).shiftLeft(8 * (3 - i)));
        }
        var last = numbers.getLast();
        if (last.compareTo(BYTE_LIMIT.pow(5 - numbers.size())) >= 0) {
            throw invalid.get();
        }
        value = value.add(last);
        var bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) value.shiftRight(8 * (3 - i)).intValue();
        }
        return Optional.of(bytes);
    }

    /** One part: 0x hex, 0-prefixed octal, or decimal; empty when it is none of them. */
    private static Optional<BigInteger> number(String part) {
        if (part.length() > 40) {
            return Optional.empty();
        }
        if (part.startsWith("0x") || part.startsWith("0X")) {
            var digits = part.substring(2);
            return digits.matches("[0-9a-fA-F]*")
                    ? Optional.of(digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits, 16))
                    : Optional.empty();
        }
        if (part.length() > 1 && part.startsWith("0")) {
            return part.matches("[0-7]+") ? Optional.of(new BigInteger(part, 8)) : Optional.empty();
        }
        return part.matches("[0-9]+") ? Optional.of(new BigInteger(part)) : Optional.empty();
    }

    private static boolean zero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress ipv4At(byte[] bytes, int offset, boolean inverted) {
        var four = Arrays.copyOfRange(bytes, offset, offset + 4);
        if (inverted) {
            for (int i = 0; i < 4; i++) {
                four[i] = (byte) ~four[i];
            }
        }
        try {
            return InetAddress.getByAddress(four);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }
}
