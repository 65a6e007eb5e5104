package org.semisup4j.plot;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The running Jupyter kernel, if any. The toolkit never depends on a kernel module: it finds the
 * kernel by reflection (semisup4j's own kernel first, then IJava) and talks to it through
 * basekernel's {@link BaseKernel}, which both extend. Outside a notebook every call is a no-op, so
 * plain programs and the CLI use the same plotting and progress classes.
 */
public final class Notebook {

    /** Kernels that expose {@code public static <BaseKernel> getKernelInstance()}, in lookup order. */
    private static final List<String> KERNEL_CLASSES = List.of(
            "org.semisup4j.kernel.JavaKernel",
            "io.github.spencerpark.ijava.IJava");

    /** Where displays go; replaced in tests by a recording frontend. */
    interface Frontend {
        DisplayData render(Object value);

        void display(DisplayData data);

        void update(String displayId, DisplayData data);
    }

    private static volatile Method kernelLookup;
    private static volatile boolean lookupFailed;
    private static volatile Frontend override;

    private Notebook() {
    }

    /**
     * Whether notebooks run their short version: {@code SEMISUP4J_QUICK=1} (or {@code true}, {@code yes})
     * is quick mode, as {@code ./semisup4j test} sets it; unset, empty, {@code 0}, {@code false} or
     * {@code no} is full mode. Every notebook reads its budget through this one rule.
     *
     * @throws IllegalArgumentException for any other value, naming the variable and what is expected
     */
    public static boolean quickMode() {
        return quickMode(System.getenv("SEMISUP4J_QUICK"));
    }

    static boolean quickMode(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "1", "true", "yes" -> true;
            case "", "0", "false", "no" -> false;
            default -> throw new IllegalArgumentException("SEMISUP4J_QUICK='" + value
                    + "': expected 1 (quick mode) or 0 / unset (full mode)");
        };
    }

    /** True when this JVM runs inside a Jupyter kernel that can show displays. */
    public static boolean active() {
        return frontend().isPresent();
    }

    /**
     * Shows {@code value} as a new output of the running cell.
     *
     * @return the display id to pass to {@link #update}, or empty outside a notebook
     */
    public static Optional<String> display(Object value) {
        Optional<Frontend> frontend = frontend();
        if (frontend.isEmpty()) {
            return Optional.empty();
        }
        DisplayData data = frontend.get().render(value);
        String id = data.hasDisplayId() ? data.getDisplayId() : UUID.randomUUID().toString();
        data.setDisplayId(id);
        frontend.get().display(data);
        return Optional.of(id);
    }

    /** Replaces the content of an earlier display in place; a no-op outside a notebook. */
    public static void update(String displayId, Object value) {
        if (displayId == null) {
            return;
        }
        frontend().ifPresent(f -> f.update(displayId, f.render(value)));
    }

    /** Test hook: routes displays to {@code frontend} (null restores the kernel lookup). */
    static void useFrontend(Frontend frontend) {
        override = frontend;
    }

    private static Optional<Frontend> frontend() {
        Frontend forced = override;
        if (forced != null) {
            return Optional.of(forced);
        }
        return kernel().map(KernelFrontend::new);
    }

    private static Optional<BaseKernel> kernel() {
        Method lookup = lookupMethod();
        if (lookup == null) {
            return Optional.empty();
        }
        try {
            Object kernel = lookup.invoke(null);
            return kernel instanceof BaseKernel k ? Optional.of(k) : Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Resolved once: a kernel class is either on the classpath of this JVM or it is not. */
    private static Method lookupMethod() {
        if (kernelLookup != null || lookupFailed) {
            return kernelLookup;
        }
        synchronized (Notebook.class) {
            if (kernelLookup == null && !lookupFailed) {
                for (String className : KERNEL_CLASSES) {
                    Method m = findLookup(className);
                    if (m != null) {
                        kernelLookup = m;
                        break;
                    }
                }
                lookupFailed = kernelLookup == null;
            }
            return kernelLookup;
        }
    }

    private static Method findLookup(String className) {
        for (ClassLoader loader : new ClassLoader[]{
                Notebook.class.getClassLoader(), Thread.currentThread().getContextClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                Method m = Class.forName(className, true, loader).getMethod("getKernelInstance");
                if (java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                    return m;
                }
            } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
                // not this kernel; try the next
            }
        }
        return null;
    }

    /** Displays through basekernel, as IJava's own display()/updateDisplay() do. */
    private record KernelFrontend(BaseKernel kernel) implements Frontend {
        @Override
        public DisplayData render(Object value) {
            return kernel.getRenderer().render(value);
        }

        @Override
        public void display(DisplayData data) {
            kernel.display(data);
        }

        @Override
        public void update(String displayId, DisplayData data) {
            kernel.getIO().display.updateDisplay(displayId, data);
        }
    }
}
