package dev.tollfree.store;

import java.util.List;
import java.util.regex.Pattern;

/** Keeps passwords out of messages and descriptions. */
final class Redaction {
    private static final String MASK = "****";
    private static final Pattern URL_PASSWORD_PARAM = Pattern.compile("(?i)([?&;]password=)[^&;]*");
    private static final Pattern URL_USER_INFO = Pattern.compile("//([^/@:]*):[^/@]*@");

    private Redaction() {}

    /** The URL with any {@code password=} parameter or {@code user:password@} part masked. */
    static String maskUrlPassword(String url) {
        String masked = URL_PASSWORD_PARAM.matcher(url).replaceAll("$1" + MASK);
        return URL_USER_INFO.matcher(masked).replaceAll("//$1:" + MASK + "@");
    }

    /** The secrets a URL and settings carry: the settings password and a password in the URL. */
    static List<String> secretsOf(StoreSettings settings) {
        var matcher = URL_PASSWORD_PARAM.matcher(settings.jdbcUrl());
        var secrets = new java.util.ArrayList<String>();
        if (!settings.password().isEmpty()) {
            secrets.add(settings.password());
        }
        while (matcher.find()) {
            String param = matcher.group();
            String value = param.substring(param.indexOf('=') + 1);
            if (!value.isEmpty()) {
                secrets.add(value);
            }
        }
        return List.copyOf(secrets);
    }

    /** {@code text} with every occurrence of every secret masked. */
    static String scrub(String text, List<String> secrets) {
        String result = text == null ? "" : text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }
}
