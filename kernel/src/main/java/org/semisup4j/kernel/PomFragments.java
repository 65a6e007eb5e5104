package org.semisup4j.kernel;

import java.io.StringReader;
import java.io.StringWriter;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Turns what {@code %%loadFromPOM} is given into a POM, as IJava does: a whole {@code <project>} is
 * used as it is; otherwise every {@code <repository>} and {@code <dependency>} element, loose or inside
 * {@code <repositories>}/{@code <dependencies>}, is collected into a POM of its own.
 */
final class PomFragments {
    private PomFragments() {
    }

    static String toPom(String xml) throws CellError {
        String body = xml.strip();
        if (body.startsWith("<?xml")) {
            body = body.substring(body.indexOf("?>") + 2).strip();
        }
        if (body.startsWith("<project")) {
            return xml;
        }
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            document = factory.newDocumentBuilder()
                    .parse(new InputSource(new StringReader("<fragments>" + body + "</fragments>")));
        } catch (Exception e) {
            throw CellError.of("MagicException", "%%loadFromPOM: the cell is not XML made of <repository> and"
                    + " <dependency> elements (or a whole <project>): " + e.getMessage());
        }
        String repositories = elements(document, "repository");
        String dependencies = elements(document, "dependency");
        if (dependencies.isEmpty()) {
            throw CellError.of("MagicException", "%%loadFromPOM: the cell has no <dependency> element");
        }
        return pom(repositories, dependencies);
    }

    /** A POM of packaging pom with these repository and dependency elements. */
    static String pom(String repositories, String dependencies) {
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>org.semisup4j.kernel</groupId>\n"
                + "  <artifactId>notebook-dependencies</artifactId>\n"
                + "  <version>0</version>\n"
                + "  <packaging>pom</packaging>\n"
                + (repositories.isEmpty() ? "" : "  <repositories>\n" + repositories + "  </repositories>\n")
                + "  <dependencies>\n" + dependencies + "  </dependencies>\n"
                + "</project>\n";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String elements(Document document, String name) throws CellError {
        NodeList nodes = document.getElementsByTagName(name);
        StringBuilder out = new StringBuilder();
        try {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            for (int i = 0; i < nodes.getLength(); i++) {
                StringWriter text = new StringWriter();
                transformer.transform(new DOMSource((Element) nodes.item(i)), new StreamResult(text));
                out.append("    ").append(text).append('\n');
            }
        } catch (Exception e) {
            throw CellError.of("MagicException", "%%loadFromPOM: cannot read the <" + name + "> elements: " + e);
        }
        return out.toString();
    }
}
