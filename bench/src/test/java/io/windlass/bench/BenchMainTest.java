package io.windlass.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchMainTest {
    @Test
    void rejectsAnUnknownBenchmarkNameWithTheUsageExitCode() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = BenchMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("frobnicate", "--quick");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("unknown benchmark 'frobnicate'").contains("claim-storm");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void helpNamesTheBenchmarks() {
        StringWriter out = new StringWriter();
        var cl = BenchMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("--help")).isZero();
        assertThat(out.toString()).contains("Usage: windlass bench").contains("claim-storm").contains("--quick");
    }

    @Test
    void aTaskCountIsRefusedForOtherBenchmarksAndWhenNegativeBeforeAnythingRuns() {
        for (String[] args : new String[][] {{"transitions", "--tasks", "1000"}, {"idle-scale", "--tasks", "-5"}}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            var cl = BenchMain.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            assertThat(cl.execute(args)).as(String.join(" ", args)).isEqualTo(1);
            assertThat(err.toString()).contains("--tasks applies to idle-scale only");
            assertThat(out.toString()).isEmpty();
        }
    }
}
