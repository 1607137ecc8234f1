package dev.tollfree.core.adapter;

import java.util.List;

/** How a provider key is checked without spending quota. One variant per provider behaviour. */
public sealed interface KeyCheck {
    /**
     * {@code GET} the model list with the key: 200 valid, 401/403 invalid.
     *
     * @param emptyMeansNoAccess a 200 with no models means the key lacks a permission (GitHub
     *                           answers {@code []} to tokens without {@code models:read})
     */
    record ModelList(boolean emptyMeansNoAccess) implements KeyCheck {}

    /** The model list answers without a key, so a 200 proves nothing: 401/403 invalid, else unknown with {@code why}. */
    record PublicModelList(String why) implements KeyCheck {}

    /** A key-status endpoint under the base URL (OpenRouter {@code /key}): 200 valid, 401/403 invalid. */
    record KeyEndpoint(String path) implements KeyCheck {}

    /**
     * Token-verify endpoints tried in order (Cloudflare: account-scoped tokens answer on the account
     * route and 403 on the user route, user-scoped ones the other way round). Valid when one answers
     * {@code result.status: "active"}.
     */
    record TokenVerify(List<String> paths) implements KeyCheck {
        public TokenVerify {
            paths = List.copyOf(paths);
        }
    }

    /**
     * The model list on this provider's host; when that rejects the key, the same call on the
     * sibling provider's host, so the answer can say where the key belongs (Zhipu vs Z.ai).
     */
    record SiblingHost(String siblingProvider) implements KeyCheck {}

    /** The provider is never called with a key (OVH's free access is anonymous only). */
    record NotApplicable(String why) implements KeyCheck {}
}
