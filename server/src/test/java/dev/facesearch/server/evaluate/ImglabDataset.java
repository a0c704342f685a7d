package dev.facesearch.server.evaluate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads dlib's imglab XML datasets: {@code <image file=''>} elements holding {@code <box top=''
 * left='' width='' height='' [ignore='1']>} elements, each with optional {@code <part name='NN'
 * x='' y=''/>} landmarks.
 */
final class ImglabDataset {
  private ImglabDataset() {}

  /** An image of the dataset: its file, relative to the XML file's folder, and its faces. */
  record Image(String file, List<Face> faces) {}

  /**
   * A labelled face.
   *
   * @param box the labelled box
   * @param ignore whether evaluations should disregard this face
   * @param points the parts as x0, y0, x1, y1, ... by part number, NaN for a part not given; empty
   *     when the face has no parts. dlib's coordinates are integer pixel centres.
   */
  record Face(Box box, boolean ignore, float[] points) {
    int pointCount() {
      return points.length / 2;
    }
  }

  static List<Image> read(Path xml) throws IOException {
    try (InputStream in = Files.newInputStream(xml)) {
      return read(in);
    }
  }

  static List<Image> read(InputStream xml) throws IOException {
    Element root;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      // The files are data, not documents to trust: no DTDs, no external entities.
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      // Fail with the exception alone, without the default handler's print to stderr.
      builder.setErrorHandler(new DefaultHandler());
      root = builder.parse(xml).getDocumentElement();
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("not an imglab dataset: " + e.getMessage(), e);
    }
    List<Image> images = new ArrayList<>();
    for (Element image :
        children(root, "images").stream().flatMap(i -> children(i, "image").stream()).toList()) {
      List<Face> faces = new ArrayList<>();
      for (Element box : children(image, "box")) {
        faces.add(face(box));
      }
      images.add(new Image(image.getAttribute("file"), List.copyOf(faces)));
    }
    return List.copyOf(images);
  }

  private static Face face(Element box) {
    Box rectangle =
        new Box(
            number(box, "left"), number(box, "top"), number(box, "width"), number(box, "height"));
    boolean ignore = "1".equals(box.getAttribute("ignore"));
    List<Element> parts = children(box, "part");
    int count = 0;
    for (Element part : parts) {
      count = Math.max(count, Integer.parseInt(part.getAttribute("name")) + 1);
    }
    float[] points = new float[2 * count];
    Arrays.fill(points, Float.NaN);
    for (Element part : parts) {
      int index = Integer.parseInt(part.getAttribute("name"));
      points[2 * index] = (float) number(part, "x");
      points[2 * index + 1] = (float) number(part, "y");
    }
    return new Face(rectangle, ignore, points);
  }

  private static double number(Element element, String attribute) {
    String value = element.getAttribute(attribute);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(
          "<" + element.getTagName() + "> has no " + attribute + " attribute");
    }
    return Double.parseDouble(value);
  }

  /** The direct child elements of that name, in document order. */
  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element element && element.getTagName().equals(name)) {
        found.add(element);
      }
    }
    return found;
  }
}
