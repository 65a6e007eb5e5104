package org.semisup4j.plot;

import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotebookTest {

    private final RecordingFrontend frontend = new RecordingFrontend();

    @BeforeEach
    void useRecordingFrontend() {
        PlotlyJs.resetForTesting();
        Notebook.useFrontend(frontend);
    }

    @AfterEach
    void restore() {
        Notebook.useFrontend(null);
        PlotlyJs.resetForTesting();
    }

    @Test
    void outsideANotebookEverythingIsANoOp() {
        Notebook.useFrontend(null);
        assertFalse(Notebook.active(), "no kernel class on the test classpath");
        assertTrue(Notebook.display("x").isEmpty());
        Notebook.update("id", "x"); // must not throw
    }

    @Test
    void libraryIsEmittedOnceBeforeTheFirstFigure() {
        String first = Notebook.display(Plots.lines("One", "x", "y").add("s", 1, 2)).orElseThrow();
        Notebook.display(Plots.lines("Two", "x", "y").add("s", 1, 2));
        Notebook.update(first, Plots.lines("One", "x", "y").add("s", 2, 3));

        assertEquals(3, frontend.count("display"), "loader + two figures");
        RecordingFrontend.Sent loader = frontend.sent.get(0);
        assertTrue(loader.html().contains("plotly.js v" + PlotlyJs.VERSION), "the loader carries the library");
        assertTrue(loader.text().contains("plotly.js"));
        long carryingLibrary = frontend.sent.stream().filter(s -> s.html().contains("plotly.js v")).count();
        assertEquals(1, carryingLibrary, "figures and updates never carry the library again");
        RecordingFrontend.Sent update = frontend.sent.get(3);
        assertEquals("update", update.kind());
        assertEquals(first, update.displayId());
        assertTrue(update.html().contains("data-title=\"One\""));
    }

    @Test
    void quickModeIsOneAndFullModeIsZeroOrUnset() {
        assertTrue(Notebook.quickMode("1"));
        assertTrue(Notebook.quickMode("true"));
        assertFalse(Notebook.quickMode("0"), "SEMISUP4J_QUICK=0 means full mode");
        assertFalse(Notebook.quickMode(null));
        assertFalse(Notebook.quickMode(""));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Notebook.quickMode("fast"));
        assertTrue(e.getMessage().contains("SEMISUP4J_QUICK='fast'"), e.getMessage());
    }

    @Test
    void displaysOfferHtmlAndText() {
        Notebook.display(Table.withColumns("a").row(1));
        RecordingFrontend.Sent sent = frontend.sent.get(0);
        assertTrue(sent.data().hasDataForType(MIMEType.TEXT_HTML));
        assertTrue(sent.data().hasDataForType(MIMEType.TEXT_PLAIN));
        assertFalse(sent.data().hasDataForType(MIMEType.IMAGE_PNG), "a table has no picture");
    }
}
