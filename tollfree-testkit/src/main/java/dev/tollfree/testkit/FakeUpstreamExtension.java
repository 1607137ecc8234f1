package dev.tollfree.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a started {@link FakeUpstream} into test methods (and constructors) and closes it when
 * the test (or class) is done: {@code @ExtendWith(FakeUpstreamExtension.class)}, then a parameter
 * {@code FakeUpstream upstream}. Two parameters get two fakes.
 */
public final class FakeUpstreamExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeUpstream.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        FakeUpstream fake = FakeUpstream.start();
        ExtensionContext.Namespace namespace = ExtensionContext.Namespace.create(FakeUpstreamExtension.class);
        // the store closes AutoCloseable values when its context ends
        context.getStore(namespace).put(fake, fake);
        return fake;
    }
}
