package exchange.recovery.db;

import java.util.Objects;

/** A database user and password. Never printed: {@link #toString()} hides the password. */
public record DatabaseCredentials(String user, String password) {

    public DatabaseCredentials {
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
    }

    @Override
    public String toString() {
        return "DatabaseCredentials[user=" + user + ", password=****]";
    }
}
