package org.semisup4j.plot;

import io.github.spencerpark.jupyter.kernel.display.DisplayDataRenderable;
import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Base of every toolkit object that people look at. It offers a mime bundle — {@code text/html}
 * and {@code text/plain}, plus {@code image/png} where a picture exists — through basekernel's
 * {@link DisplayDataRenderable}, so it renders itself in IJava and in semisup4j's kernel alike,
 * and it can be saved as a standalone HTML page outside a notebook.
 */
public abstract class Displayable implements DisplayDataRenderable {

    /** HTML fragment for a notebook output. */
    public abstract String toHtml();

    /** Plain-text form, for terminals and text-only frontends. */
    public abstract String toText();

    /** PNG bytes where the object is a picture; empty otherwise. */
    public Optional<byte[]> toPng() {
        return Optional.empty();
    }

    /** The fragment used when rendering inside a notebook; figures add what the page lacks. */
    protected String notebookHtml() {
        return toHtml();
    }

    /** The fragment used in a standalone page, where nothing has been loaded before. */
    protected String standaloneHtml() {
        return toHtml();
    }

    /** A complete HTML document that works offline, e.g. to open in a browser. */
    public String toStandaloneHtml() {
        return "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>"
                + Html.escape(firstLine(toText())) + "</title>\n</head>\n<body>\n"
                + standaloneHtml() + "\n</body>\n</html>\n";
    }

    /** Writes {@code .png} files as a picture (where there is one) and anything else as standalone HTML. */
    public Path save(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            if (file.getFileName().toString().toLowerCase().endsWith(".png")) {
                byte[] png = toPng().orElseThrow(() -> new IllegalArgumentException(
                        "cannot save " + file + ": " + getClass().getSimpleName()
                                + " has no PNG form; save it as .html"));
                Files.write(file, png);
            } else {
                Files.writeString(file, toStandaloneHtml(), StandardCharsets.UTF_8);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Shows this object as a new notebook output; returns its display id (empty outside a notebook). */
    public Optional<String> show() {
        return Notebook.display(this);
    }

    @Override
    public Set<MIMEType> getSupportedRenderTypes() {
        return renderTypes();
    }

    @Override
    public Set<MIMEType> getPreferredRenderTypes() {
        return renderTypes();
    }

    private Set<MIMEType> renderTypes() {
        Set<MIMEType> types = new LinkedHashSet<>();
        types.add(MIMEType.TEXT_HTML);
        types.add(MIMEType.TEXT_PLAIN);
        if (hasPng()) {
            types.add(MIMEType.IMAGE_PNG);
        }
        return types;
    }

    /** Whether {@link #toPng()} gives a picture; overridden by pictures so bundles stay small otherwise. */
    protected boolean hasPng() {
        return false;
    }

    @Override
    public void render(RenderContext context) {
        context.renderIfRequested(MIMEType.TEXT_HTML, this::notebookHtml);
        context.renderIfRequested(MIMEType.TEXT_PLAIN, this::toText);
        if (hasPng()) {
            context.renderIfRequested(MIMEType.IMAGE_PNG,
                    () -> toPng().map(b -> Base64.getEncoder().encodeToString(b)).orElse(null));
        }
    }

    @Override
    public String toString() {
        return toText();
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
