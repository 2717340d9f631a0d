package io.windlass.consumer.balance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link ResourceReporter#linuxMemory()}: MemTotal − (MemFree + Buffers + Cached) of a meminfo file, in kB. */
final class LinuxMemory implements ResourceReporter {
    private static final List<String> FIELDS = List.of("MemTotal", "MemFree", "Buffers", "Cached");

    private final Path meminfo;

    private LinuxMemory(Path meminfo) {
        this.meminfo = meminfo;
    }

    static LinuxMemory at(Path meminfo) {
        if (!Files.isReadable(meminfo)) {
            throw new IllegalStateException(meminfo + " is not readable: the Linux memory reporter needs Linux");
        }
        return new LinuxMemory(meminfo);
    }

    /** @throws UncheckedIOException when the file cannot be read; IllegalStateException when a field is missing */
    @Override
    public Usage read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(meminfo);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + meminfo, e);
        }
        Map<String, Long> kb = parse(lines);
        long total = kb.get("MemTotal");
        long notUsed = kb.get("MemFree") + kb.get("Buffers") + kb.get("Cached");
        return new Usage(Math.max(0, total - notUsed), total, "kB");
    }

    /** The {@link #FIELDS} of meminfo lines such as {@code "MemFree:  1234 kB"}. */
    static Map<String, Long> parse(List<String> lines) {
        Map<String, Long> found = new HashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && FIELDS.contains(line.substring(0, colon))) {
                String[] value = line.substring(colon + 1).trim().split("\\s+");
                found.putIfAbsent(line.substring(0, colon), Long.parseLong(value[0]));
            }
        }
        if (!found.keySet().containsAll(FIELDS)) {
            throw new IllegalStateException("meminfo lacks " + FIELDS.stream().filter(f -> !found.containsKey(f))
                    .toList());
        }
        return found;
    }

    @Override
    public String toString() {
        return "LinuxMemory[" + meminfo + "]";
    }
}
