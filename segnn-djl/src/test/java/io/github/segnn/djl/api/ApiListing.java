// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Lists the public API of a module from its compiled classes: every public type outside
 * {@code internal} packages (nested types too, when all enclosing types are public), with its
 * public and protected constructors, methods and fields, one line each, sorted, so that a change
 * of any signature changes the listing.
 */
final class ApiListing {

    private ApiListing() {}

    /**
     * Lists the API of the classes that {@code anchor} was loaded with (a folder of classes or a jar).
     *
     * @param anchor any class of the module
     * @param packagePrefix the module's root package, e.g. {@code io.github.segnn.djl}
     * @return the lines of the listing, types in name order, each followed by its members
     */
    static List<String> of(Class<?> anchor, String packagePrefix) {
        Path location;
        try {
            location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + anchor.getName(), e);
        }
        try {
            if (Files.isDirectory(location)) {
                return list(location, packagePrefix, anchor.getClassLoader());
            }
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                return list(jar.getPath("/"), packagePrefix, anchor.getClassLoader());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the classes in " + location, e);
        }
    }

    private static List<String> list(Path root, String packagePrefix, ClassLoader loader) throws IOException {
        TreeMap<String, List<String>> types = new TreeMap<>();
        Path packageDir = root.resolve(packagePrefix.replace('.', '/'));
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(packageDir)) {
            classFiles = files.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path file : classFiles) {
            String relative = root.relativize(file).toString().replace('\\', '/');
            String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
            if (name.endsWith("package-info") || name.contains(".internal.")) {
                continue;
            }
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("cannot load " + name + " listed in " + root, e);
            }
            if (isVisible(type)) {
                types.put(type.getTypeName(), members(type));
            }
        }
        List<String> lines = new ArrayList<>();
        types.values().forEach(lines::addAll);
        return lines;
    }

    /** A type a user can name: public, and every type enclosing it too. */
    private static boolean isVisible(Class<?> type) {
        if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
            return false;
        }
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static List<String> members(Class<?> type) {
        List<String> lines = new ArrayList<>();
        lines.add(header(type));
        List<String> body = new ArrayList<>();
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (exposed(c)) {
                body.add("  " + c.toGenericString());
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (exposed(m) && !m.isBridge()) {
                body.add("  " + m.toGenericString());
            }
        }
        for (Field f : type.getDeclaredFields()) {
            if (exposed(f)) {
                body.add("  " + f.toGenericString());
            }
        }
        body.sort(null);
        lines.addAll(body);
        return lines;
    }

    private static boolean exposed(Member m) {
        int mods = m.getModifiers();
        return !m.isSynthetic() && (Modifier.isPublic(mods) || Modifier.isProtected(mods));
    }

    private static String header(Class<?> type) {
        StringBuilder b = new StringBuilder();
        int mods = type.getModifiers() & ~Modifier.INTERFACE;
        if (type.isInterface()) {
            mods &= ~Modifier.ABSTRACT;
        }
        if (type.isEnum() || type.isRecord()) {
            mods &= ~(Modifier.FINAL | Modifier.STATIC);
        }
        String modifiers = Modifier.toString(mods);
        if (!modifiers.isEmpty()) {
            b.append(modifiers).append(' ');
        }
        String kind = type.isAnnotation() ? "@interface"
                : type.isInterface() ? "interface"
                : type.isEnum() ? "enum"
                : type.isRecord() ? "record"
                : "class";
        b.append(kind).append(' ').append(type.getTypeName());
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
            b.append(" extends ").append(superclass.getTypeName());
        }
        Type[] interfaces = type.getGenericInterfaces();
        if (interfaces.length > 0) {
            b.append(type.isInterface() ? " extends " : " implements ");
            for (int i = 0; i < interfaces.length; i++) {
                b.append(i == 0 ? "" : ", ").append(interfaces[i].getTypeName());
            }
        }
        return b.toString();
    }
}
