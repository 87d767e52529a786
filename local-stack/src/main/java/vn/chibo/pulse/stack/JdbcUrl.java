package vn.chibo.pulse.stack;

/** The parts of a {@code jdbc:postgresql://host[:port]/database[?params]} URL this module needs. */
record JdbcUrl(String prefix, String database, String query) {

    private static final String SCHEME = "jdbc:postgresql://";

    static JdbcUrl parse(String url) {
        if (!url.startsWith(SCHEME)) {
            throw new PostgresStartException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): " + LocalPostgres.masked(url));
        }
        int slash = url.indexOf('/', SCHEME.length());
        if (slash < 0) {
            throw new PostgresStartException("the URL names no database: " + LocalPostgres.masked(url));
        }
        int question = url.indexOf('?', slash);
        String database = question < 0 ? url.substring(slash + 1) : url.substring(slash + 1, question);
        if (database.isEmpty()) {
            throw new PostgresStartException("the URL names no database: " + LocalPostgres.masked(url));
        }
        return new JdbcUrl(url.substring(0, slash + 1), database, question < 0 ? "" : url.substring(question));
    }

    String withDatabase(String other) {
        return prefix + other + query;
    }
}
