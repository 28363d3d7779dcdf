package dev.verdict.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.http.JsonFields;
import dev.verdict.http.JsonSupport;
import dev.verdict.images.ImageHeader;
import dev.verdict.images.ImageKind;
import dev.verdict.images.ImageService;
import dev.verdict.jobs.JobType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads an uploaded zip (PROTOCOL.md §4.4) as hostile input: entry count, name, size, ratio and total
 * caps are checked before and while reading, entries are read through bounded streams (never trusting
 * declared sizes), and nothing is ever written to disk by an entry's name. Only the images the job
 * type uses are read at all (one of each kind, plus the liveness frames), and each must have a
 * readable JPEG or PNG header. Every SDK's layout is accepted: images as zip entries named by
 * {@code file_name} (matched by base name) or inline base64, Python's junk {@code base64imgString}
 * entries, string {@code image_type_id}s.
 */
final class ZipIntake {
    static final int MAX_ENTRIES = 256;
    static final int MAX_INFO_JSON_BYTES = 1024 * 1024;
    static final int MAX_IMAGES = 16;
    static final long MAX_TOTAL_BYTES = 64L * 1024 * 1024;
    /**
     * An entry may expand to at most this many times its compressed size (beyond the first MiB):
     * JPEG and PNG data hardly deflates, so more is padding, and padding is not kept.
     */
    static final int MAX_RATIO = 100;
    private static final long RATIO_FREE_BYTES = 1024 * 1024;
    private static final int MAX_ID_INFO_FIELDS = 32;
    private static final int MAX_ID_INFO_VALUE = 256;

    /** An image taken from the zip. */
    record IncomingImage(ImageKind kind, byte[] bytes) {}

    /** What the zip gave. */
    sealed interface Outcome permits Usable, Unusable {}

    /** Everything the job type needs is there; {@code idInfo} is info.json's id_info (or null). */
    record Usable(List<IncomingImage> images, ObjectNode idInfo) implements Outcome {}

    /** The zip is readable but its content is not usable: the job ends with this final result. */
    record Unusable(String resultCode, String resultText) implements Outcome {}

    private static final class Corrupt extends Exception {
        Corrupt(String reason) {
            super(reason);
        }
    }

    private ZipIntake() {}

    /** True when the file starts like a zip archive (local header, or an empty archive's end record). */
    static boolean looksLikeZip(byte[] head) {
        return head.length >= 4 && head[0] == 'P' && head[1] == 'K'
                && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6);
    }

    static Outcome read(Path file, JobType jobType, boolean useEnrolledImage, ObjectNode prepIdInfo) {
        try (var zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            return read(zip, jobType, useEnrolledImage, prepIdInfo);
        } catch (Corrupt e) {
            return new Unusable("0903", "Zip Corrupt - " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            // unreadable central directory, malformed UTF-8 names, truncated archive ...
            return new Unusable("0903", "Zip Corrupt");
        }
    }

    private static Outcome read(ZipFile zip, JobType jobType, boolean useEnrolledImage, ObjectNode prepIdInfo)
            throws IOException, Corrupt {
        if (zip.size() > MAX_ENTRIES) {
            throw new Corrupt("more than " + MAX_ENTRIES + " entries");
        }
        var byName = new HashMap<String, List<ZipEntry>>();
        var byBaseName = new HashMap<String, List<ZipEntry>>();
        var entries = zip.entries();
        while (entries.hasMoreElements()) {
            var entry = entries.nextElement();
            var name = entry.getName();
            if (unsafeName(name)) {
                throw new Corrupt("unsafe entry name");
            }
            byName.computeIfAbsent(name, n -> new ArrayList<>()).add(entry);
            byBaseName.computeIfAbsent(baseName(name), n -> new ArrayList<>()).add(entry);
        }
        var budget = new long[] {MAX_TOTAL_BYTES};
        var infoEntries = byName.getOrDefault("info.json", List.of());
        if (infoEntries.isEmpty()) {
            throw new Corrupt("no info.json");
        }
        if (infoEntries.size() > 1) {
            throw new Corrupt("duplicate info.json");
        }
        JsonNode info;
        try {
            info = JsonSupport.readObject(readBounded(zip, infoEntries.getFirst(), MAX_INFO_JSON_BYTES, budget));
        } catch (dev.verdict.http.InvalidJsonException e) {
            throw new Corrupt("info.json: " + e.getMessage());
        }
        var imageList = info.get("images");
        if (imageList == null || !imageList.isArray()) {
            throw new Corrupt("info.json has no images array");
        }
        if (imageList.size() > MAX_IMAGES) {
            throw new Corrupt("more than " + MAX_IMAGES + " images");
        }

        var images = new ArrayList<IncomingImage>();
        var unusable = new EnumMap<ImageKind, Boolean>(ImageKind.class);
        var taken = EnumSet.noneOf(ImageKind.class);
        for (var item : imageList) {
            if (!item.isObject()) {
                throw new Corrupt("an images item is not an object");
            }
            var type = JsonFields.jobType(item.get("image_type_id"));
            var kind = kindOf(type);
            if (kind == null) {
                continue; // unknown image types are ignored, as new SDK versions may add some
            }
            if (!jobType.uses(kind, useEnrolledImage) || kind != ImageKind.LIVENESS && taken.contains(kind)) {
                continue; // never read, so never kept: the job does not use it, or uses the first one
            }
            byte[] bytes;
            if (type == 2 || type == 3 || type == 6 || type == 7) {
                bytes = decodeBase64(JsonFields.text(item.get("image")));
            } else {
                var fileName = JsonFields.text(item.get("file_name"));
                if (fileName == null) {
                    continue; // Node puts a local path in "image" for some file types and zips nothing
                }
                bytes = readImage(zip, byName, byBaseName, fileName, budget);
            }
            if (bytes == null) {
                continue;
            }
            taken.add(kind);
            if (ImageHeader.read(bytes).isEmpty()) {
                unusable.put(kind, true);
                continue;
            }
            images.add(new IncomingImage(kind, bytes));
        }

        var idInfo = info.get("id_info") instanceof ObjectNode o ? cleanIdInfo(o) : prepIdInfo;
        var missing = missing(jobType, images, useEnrolledImage, idInfo, unusable);
        if (missing != null) {
            return new Unusable("0001", missing);
        }
        if (unusable.containsKey(ImageKind.LIVENESS)) {
            return new Unusable("0001", "Liveness image unusable");
        }
        return new Usable(images, idInfo);
    }

    /** What this job type still lacks, as the result text; null when complete (PROTOCOL.md §4.6). */
    private static String missing(JobType jobType, List<IncomingImage> images, boolean useEnrolledImage,
            ObjectNode idInfo, Map<ImageKind, Boolean> unusable) {
        var hasSelfie = images.stream().anyMatch(i -> i.kind() == ImageKind.SELFIE);
        var hasFront = images.stream().anyMatch(i -> i.kind() == ImageKind.ID_CARD_FRONT);
        if (jobType.needsSelfie(useEnrolledImage) && !hasSelfie) {
            return unusable.containsKey(ImageKind.SELFIE) ? "Selfie image unusable" : "Selfie image missing";
        }
        if (unusable.containsKey(ImageKind.ID_CARD_FRONT) || unusable.containsKey(ImageKind.ID_CARD_BACK)) {
            return "ID Card image unusable";
        }
        if (jobType.enteredIdInfoReplacesIdCard() && !hasFront && !(entered(idInfo) && has(idInfo, "country")
                && has(idInfo, "id_type") && has(idInfo, "id_number"))) {
            return "ID Card image missing and no entered id_info (country, id_type, id_number)";
        }
        if (jobType.needsIdCardFront() && !hasFront) {
            return "ID Card image missing";
        }
        for (var field : jobType.requiredIdInfo()) {
            if (!has(idInfo, field)) {
                return "Data Invalid - id_info." + field + " is required";
            }
        }
        return null;
    }

    private static boolean entered(ObjectNode idInfo) {
        return idInfo != null && JsonFields.flag(idInfo.get("entered"));
    }

    private static boolean has(ObjectNode idInfo, String field) {
        return idInfo != null && JsonFields.text(idInfo.get(field)) != null;
    }

    /** id_info as strings only, bounded in count and length. */
    static ObjectNode cleanIdInfo(ObjectNode raw) {
        var clean = JsonSupport.MAPPER.createObjectNode();
        for (var field : raw.properties()) {
            if (clean.size() >= MAX_ID_INFO_FIELDS) {
                break;
            }
            var value = field.getValue();
            if (value.isValueNode() && !value.isNull()) {
                var text = value.asText();
                clean.put(field.getKey(), truncated(text));
            }
        }
        return clean;
    }

    private static ImageKind kindOf(int imageTypeId) {
        return switch (imageTypeId) {
            case 0, 2 -> ImageKind.SELFIE;
            case 1, 3 -> ImageKind.ID_CARD_FRONT;
            case 4, 6 -> ImageKind.LIVENESS;
            case 5, 7 -> ImageKind.ID_CARD_BACK;
            default -> null;
        };
    }

    /**
     * The bytes of the entry an image names (exact name, else base name), or null when there is none.
     * Several matching entries are one image when they hold the same bytes — the Python SDK writes a
     * file given twice as a second entry of the same name — and a corrupt zip when they differ.
     */
    private static byte[] readImage(ZipFile zip, Map<String, List<ZipEntry>> byName,
            Map<String, List<ZipEntry>> byBaseName, String fileName, long[] budget) throws IOException, Corrupt {
        var exact = byName.get(fileName);
        var candidates = exact != null ? exact : byBaseName.get(baseName(fileName));
        if (candidates == null || candidates.isEmpty()) {
            return null;
        }
        var first = candidates.getFirst();
        var bytes = readBounded(zip, first, ImageService.MAX_IMAGE_BYTES, budget);
        for (var other : candidates.subList(1, candidates.size())) {
            if (other.getName().equals(first.getName())) {
                // ZipFile reads entries by name, so a twin's bytes cannot be read apart: the central
                // directory's size and CRC-32 of each must agree, and the bytes read must match them
                if (other.getSize() != first.getSize() || other.getCrc() != first.getCrc()
                        || other.getSize() != bytes.length || crc32(bytes) != other.getCrc()) {
                    throw new Corrupt("entries of one name with different content");
                }
            } else if (!Arrays.equals(bytes, readBounded(zip, other, ImageService.MAX_IMAGE_BYTES, budget))) {
                throw new Corrupt("entries matching one image with different content");
            }
        }
        return bytes;
    }

    private static long crc32(byte[] bytes) {
        var crc = new java.util.zip.CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static byte[] decodeBase64(String text) throws Corrupt {
        if (text == null) {
            return null;
        }
        var data = text.strip();
        var comma = data.indexOf(',');
        if (data.startsWith("data:") && comma > 0) {
            data = data.substring(comma + 1);
        }
        if (data.length() > (ImageService.MAX_IMAGE_BYTES / 3 + 1) * 4 + 1024) {
            throw new Corrupt("an inline image is too large");
        }
        try {
            return Base64.getMimeDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new Corrupt("broken base64 image");
        }
    }

    /**
     * Reads at most {@code limit} bytes of an entry, whatever it declares, and at most
     * {@value #MAX_RATIO} times its compressed size (the most bytes ZipFile feeds the inflater for
     * it, all within the upload); more is a bomb or padding.
     */
    private static byte[] readBounded(ZipFile zip, ZipEntry entry, int limit, long[] budget)
            throws IOException, Corrupt {
        var ratioLimit = Math.max(RATIO_FREE_BYTES, Math.max(entry.getCompressedSize(), 0) * MAX_RATIO);
        try (InputStream in = zip.getInputStream(entry)) {
            var bytes = in.readNBytes((int) Math.min(Math.min(limit, ratioLimit) + 1L, budget[0] + 1));
            if (bytes.length > limit) {
                throw new Corrupt("an entry expands beyond " + limit + " bytes");
            }
            if (bytes.length > ratioLimit) {
                throw new Corrupt("an entry expands more than " + MAX_RATIO + " times");
            }
            budget[0] -= bytes.length;
            if (budget[0] < 0) {
                throw new Corrupt("the archive expands beyond " + MAX_TOTAL_BYTES + " bytes");
            }
            return bytes;
        } catch (java.util.zip.ZipException e) {
            throw new Corrupt("an entry cannot be inflated");
        }
    }

    /** Traversal, absolute, drive-letter and control-character names are refused outright. */
    static boolean unsafeName(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.contains(":")) {
            return true;
        }
        for (var part : name.split("[/\\\\]")) {
            if (part.equals("..")) {
                return true;
            }
        }
        return name.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f);
    }

    private static String baseName(String name) {
        var slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return (slash >= 0 ? name.substring(slash + 1) : name).toLowerCase(Locale.ROOT);
    }

    /** At most MAX_ID_INFO_VALUE chars, never cutting a surrogate pair in half (a lone surrogate is invalid text). */
    private static String truncated(String text) {
        if (text.length() <= MAX_ID_INFO_VALUE) {
            return text;
        }
        var end = Character.isHighSurrogate(text.charAt(MAX_ID_INFO_VALUE - 1)) ? MAX_ID_INFO_VALUE - 1 : MAX_ID_INFO_VALUE;
        return text.substring(0, end);
    }
}
