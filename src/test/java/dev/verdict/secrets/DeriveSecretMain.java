package dev.verdict.secrets;

import java.util.Base64;
import java.util.HexFormat;

/** Run in a separate JVM by {@link SecretsTest}: prints the secret derived for a label. */
public final class DeriveSecretMain {
    private DeriveSecretMain() {}

    public static void main(String[] args) {
        var key = MasterKey.of(Base64.getDecoder().decode(args[0]));
        System.out.print(HexFormat.of().formatHex(Secrets.derive(key, args[1])));
    }
}
