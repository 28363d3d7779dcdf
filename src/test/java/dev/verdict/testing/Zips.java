package dev.verdict.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds upload zips: each SDK's real layout, and hostile ones. */
public final class Zips {
    private final List<Object[]> entries = new ArrayList<>();
    private Charset charset = StandardCharsets.UTF_8;

    public static Zips builder() {
        return new Zips();
    }

    public Zips entry(String name, byte[] content) {
        entries.add(new Object[] {name, content});
        return this;
    }

    public Zips entry(String name, String content) {
        return entry(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Names are encoded in this charset (to make names that are not valid UTF-8). */
    public Zips charset(Charset names) {
        this.charset = names;
        return this;
    }

    /**
     * The zip bytes. ZipOutputStream refuses duplicate names, which real SDKs produce: a repeated
     * name is written under a placeholder of the same length and patched afterwards.
     */
    public byte[] build() {
        var out = new ByteArrayOutputStream();
        var used = new java.util.HashSet<String>();
        var patches = new java.util.LinkedHashMap<String, String>();
        try (var zip = new ZipOutputStream(out, charset)) {
            for (var entry : entries) {
                var name = (String) entry[0];
                if (!used.add(name)) {
                    var placeholder = placeholder(name, patches.size());
                    patches.put(placeholder, name);
                    name = placeholder;
                }
                zip.putNextEntry(new ZipEntry(name));
                zip.write((byte[]) entry[1]);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var bytes = out.toByteArray();
        patches.forEach((placeholder, name) -> replaceAll(bytes, placeholder.getBytes(charset), name.getBytes(charset)));
        return bytes;
    }

    private static String placeholder(String name, int index) {
        var suffix = "~" + index;
        return name.substring(0, name.length() - suffix.length()) + suffix;
    }

    private static void replaceAll(byte[] data, byte[] from, byte[] to) {
        outer:
        for (int i = 0; i + from.length <= data.length; i++) {
            for (int j = 0; j < from.length; j++) {
                if (data[i + j] != from[j]) {
                    continue outer;
                }
            }
            System.arraycopy(to, 0, data, i, to.length);
        }
    }

    // ---- each SDK's layout (PROTOCOL.md §4.4) ---------------------------------------------------------

    /** Node 3.x: file images zipped by base name, id_info entered as a string, full server_information. */
    public static byte[] node(String partnerId, String userId, String jobId, int jobType, byte[] selfie, byte[] idCard) {
        var images = "{\"image_type_id\": 0, \"image\": \"\", \"file_name\": \"selfie.jpg\"}"
                + (idCard == null ? "" : ", {\"image_type_id\": 1, \"image\": \"\", \"file_name\": \"id.jpg\"}")
                + ", {\"image_type_id\": 4, \"image\": \"/home/app/liveness1.jpg\", \"file_name\": \"\"}";
        var info = """
                {"package_information": {"apiVersion": {"buildNumber": 0, "majorVersion": 3, "minorVersion": 2},
                  "language": "javascript"},
                 "misc_information": {"retry": "false", "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": %d},
                   "timestamp": "2026-03-01T12:00:00.000Z", "signature": "abc=", "file_name": "selfie.zip",
                   "smile_client_id": "%s", "callback_url": "http://127.0.0.1:9/cb", "userData": {}},
                 "id_info": {"country": "NG", "id_type": "BVN", "id_number": "12345678901", "entered": "true"},
                 "images": [%s],
                 "server_information": {"upload_url": "https://x", "smile_job_id": "0000000001", "code": "2202"}}"""
                .formatted(userId, jobId, jobType, partnerId, images);
        var zip = builder().entry("info.json", info).entry("selfie.jpg", selfie);
        if (idCard != null) {
            zip.entry("id.jpg", idCard);
        }
        return zip.build();
    }

    /** Python 3.x: base64 images inline, junk "base64imgString" entries (duplicated), server_information a string. */
    public static byte[] python(String userId, String jobId, int jobType, byte[] selfie, byte[] idCard) {
        var images = "{\"image_type_id\": 2, \"image\": \"" + Base64.getEncoder().encodeToString(selfie)
                + "\", \"file_name\": \"\"}"
                + (idCard == null ? "" : ", {\"image_type_id\": 3, \"image\": \""
                        + Base64.getMimeEncoder().encodeToString(idCard) .replace("\r\n", "\\r\\n") + "\", \"file_name\": \"\"}");
        var info = """
                {"package_information": {"apiVersion": {"buildNumber": 0, "majorVersion": 3, "minorVersion": 0},
                  "language": "python"},
                 "misc_information": {"retry": false, "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": %d},
                   "timestamp": "2026-03-01T12:00:00.000000+00:00", "signature": "abc="},
                 "id_info": {"first_name": null, "last_name": null, "country": "NG", "id_type": "BVN",
                   "id_number": "12345678901", "entered": true},
                 "images": [%s],
                 "server_information": "https://127.0.0.1/uploads/x"}""".formatted(userId, jobId, jobType, images);
        return builder().entry("info.json", info).entry("base64imgString", "abc").entry("base64imgString", "abc")
                .build();
    }

    /** Java 2.x: png files by extension, id_info entered a boolean with empty strings. */
    public static byte[] java(String userId, String jobId, int jobType, byte[] selfie) {
        var info = """
                {"package_information": {"apiVersion": {"buildNumber": 0, "majorVersion": 2, "minorVersion": 0},
                  "language": "java"},
                 "misc_information": {"retry": "false", "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": %d},
                   "timestamp": "2026-03-01T12:00:00.123456Z", "signature": "abc="},
                 "id_info": {"first_name": "", "last_name": "", "middle_name": "", "country": "", "id_type": "",
                   "id_number": "", "entered": true},
                 "images": [{"image_type_id": 0, "image": "", "file_name": "selfie.png"}],
                 "server_information": {"upload_url": "https://x", "smile_job_id": "0000000001"}}"""
                .formatted(userId, jobId, jobType);
        return builder().entry("info.json", info).entry("selfie.png", selfie).build();
    }

    /** PHP 4.x: pretty-printed info.json, full paths in file_name, string image_type_id. */
    public static byte[] php(String userId, String jobId, int jobType, byte[] selfie) {
        var info = """
                {
                    "package_information": {"apiVersion": {"buildNumber": 0, "majorVersion": 4, "minorVersion": 0}, "language": "php"},
                    "misc_information": {
                        "retry": "false",
                        "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": %d},
                        "timestamp": "2026-03-01T12:00:00+00:00",
                        "signature": "abc="
                    },
                    "id_info": {"entered": "false"},
                    "images": [
                        {"image_type_id": "0", "image": "", "file_name": "/var/www/uploads/selfie.jpeg"}
                    ],
                    "server_information": {"upload_url": "https://x", "smile_job_id": "0000000001", "code": 2202}
                }""".formatted(userId, jobId, jobType);
        return builder().entry("info.json", info).entry("selfie.jpeg", selfie).build();
    }

    /** Ruby 2.x (as recorded against the hosted sandbox): selfie.png and id_image.png. */
    public static byte[] ruby(String partnerId, String userId, String jobId, int jobType, byte[] selfie, byte[] idCard) {
        var info = """
                {"package_information": {"apiVersion": {"buildNumber": 0, "majorVersion": 2, "minorVersion": 1},
                  "language": "ruby"},
                 "misc_information": {"signature": "pgf8U=", "timestamp": "2022-10-27 13:25:48 +0000", "retry": "false",
                   "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": %d}, "file_name": "selfie.zip",
                   "smile_client_id": "%s", "callback_url": "www.default_callback.com",
                   "userData": {"isVerifiedProcess": false, "name": "", "firstName": "Bill", "countryCode": "+"}},
                 "id_info": {"first_name": "John", "last_name": "Doe", "middle_name": "", "country": "NG",
                   "id_type": "BVN", "id_number": "00000000000", "entered": "true"},
                 "images": [{"image_type_id": 0, "image": "", "file_name": "selfie.png"},
                            {"image_type_id": 1, "image": "", "file_name": "id_image.png"}],
                 "server_information": {"upload_url": "https://x", "ref_id": "r", "smile_job_id": "0000000001",
                   "camera_config": "null", "code": "2202"}}""".formatted(userId, jobId, jobType, partnerId);
        return builder().entry("info.json", info).entry("selfie.png", selfie).entry("id_image.png", idCard).build();
    }

    /** A minimal valid info.json referencing one selfie file. */
    public static String infoWithSelfie(String fileName) {
        return "{\"images\": [{\"image_type_id\": 0, \"image\": \"\", \"file_name\": \"" + fileName + "\"}]}";
    }
}
