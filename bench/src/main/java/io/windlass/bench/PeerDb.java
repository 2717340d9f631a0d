package io.windlass.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.windlass.launcher.PostgresLauncher;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The PostgreSQL the peer schedulers run on: its own server ({@link PostgresLauncher}: Debian's PostgreSQL on a temp
 * data dir and a free loopback port, killed and deleted on close) and connection pools (HikariCP) on it. The server
 * keeps its durability defaults (fsync and synchronous_commit on: every commit waits for its WAL flush, as etcd's
 * does); only connection and memory limits are raised for three scheduler instances with their pools.
 */
final class PeerDb implements AutoCloseable {
    /** Server settings besides the defaults (also reported in the JSON). */
    static final List<String> SETTINGS = List.of("max_connections=400", "shared_buffers=256MB");

    private final PostgresLauncher server;
    private HikariDataSource admin;

    private PeerDb(PostgresLauncher server) {
        this.server = server;
    }

    static PeerDb start() {
        return new PeerDb(PostgresLauncher.start(SETTINGS));
    }

    String jdbcUrl() {
        return server.jdbcUrl();
    }

    String version() {
        return server.version();
    }

    /** CPU of the whole server (postmaster and every backend) so far, nanoseconds; -1 if unknown. */
    long cpuNanos() {
        return server.cpuNanos();
    }

    /** A pool of at most {@code size} connections, named for the node (auto-commit, as both peers expect). */
    static HikariDataSource pool(String jdbcUrl, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername("postgres");
        config.setPoolName("bench-" + name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(size, 4));
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }

    HikariDataSource pool(String name, int size) {
        return pool(jdbcUrl(), name, size);
    }

    /** Runs SQL statements separated by {@code ;} (comments stripped). */
    void execute(String script) {
        try (Connection c = admin().getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements(script)) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "SQL failed on the peers' PostgreSQL: " + e, e);
        }
    }

    static List<String> statements(String script) {
        StringBuilder plain = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (!t.startsWith("--") && !t.startsWith("#")) {
                plain.append(line).append('\n');
            }
        }
        return java.util.Arrays.stream(plain.toString().split(";")).map(String::strip)
                .filter(s -> !s.isEmpty() && !s.equalsIgnoreCase("commit")).toList();
    }

    /** The first column of the first row of {@code sql} as a long (0 when no row). */
    long queryLong(String sql) {
        return queryLong(admin(), sql);
    }

    static long queryLong(javax.sql.DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getLong(1) : 0;
        } catch (SQLException e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "query failed: " + sql + ": " + e, e);
        }
    }

    /** Committed transactions of the database so far (pg_stat_database; the stats lag by up to 0.5 s). */
    static long commits(javax.sql.DataSource ds) {
        return queryLong(ds, "select xact_commit + xact_rollback from pg_stat_database where datname = current_database()");
    }

    static String resource(String path) {
        try (InputStream in = PeerDb.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new WindlassException(ErrorCode.INTERNAL, "missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WindlassException(ErrorCode.INTERNAL, "cannot read " + path + ": " + e, e);
        }
    }

    /** The bench's own small pool (schema, counts), separate from the schedulers' pools. */
    private synchronized HikariDataSource admin() {
        if (admin == null) {
            admin = pool("admin", 2);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
        }
        server.close();
    }
}
