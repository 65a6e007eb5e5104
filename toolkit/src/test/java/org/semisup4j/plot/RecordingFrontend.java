package org.semisup4j.plot;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;

import java.util.ArrayList;
import java.util.List;

/** Stands in for a kernel: renders with basekernel's own Renderer and records what would be sent. */
final class RecordingFrontend implements Notebook.Frontend {

    record Sent(String kind, String displayId, DisplayData data) {
        String html() {
            return String.valueOf(data.getData(MIMEType.TEXT_HTML));
        }

        String text() {
            return String.valueOf(data.getData(MIMEType.TEXT_PLAIN));
        }
    }

    private final Renderer renderer = new Renderer();
    final List<Sent> sent = new ArrayList<>();

    @Override
    public DisplayData render(Object value) {
        return renderer.render(value);
    }

    @Override
    public void display(DisplayData data) {
        sent.add(new Sent("display", data.getDisplayId(), data));
    }

    @Override
    public void update(String displayId, DisplayData data) {
        sent.add(new Sent("update", displayId, data));
    }

    long count(String kind) {
        return sent.stream().filter(s -> s.kind.equals(kind)).count();
    }
}
