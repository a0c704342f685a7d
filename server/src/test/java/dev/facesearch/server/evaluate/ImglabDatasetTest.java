package dev.facesearch.server.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading dlib's imglab XML: boxes, the ignore flag, and parts by name. */
class ImglabDatasetTest {
  private static List<ImglabDataset.Image> read(String xml) throws IOException {
    return ImglabDataset.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void read_boxesIgnoreFlagsAndParts() throws IOException {
    List<ImglabDataset.Image> images =
        read(
            """
            <?xml version='1.0' encoding='ISO-8859-1'?>
            <?xml-stylesheet type='text/xsl' href='image_metadata_stylesheet.xsl'?>
            <dataset><name>n</name><images>
              <image file='a.jpg' width='500' height='375'>
                <box top='90' left='194' width='37' height='36'>
                  <part name='01' x='201' y='110'/>
                  <part name='00' x='200' y='107'/>
                </box>
                <box top='1' left='2' width='3' height='4' ignore='1'/>
              </image>
              <image file='b.jpg'/>
            </images></dataset>
            """);
    assertEquals(2, images.size());
    assertEquals("a.jpg", images.get(0).file());
    assertEquals(List.of(), images.get(1).faces());
    ImglabDataset.Face first = images.get(0).faces().get(0);
    assertEquals(new Box(194, 90, 37, 36), first.box());
    assertFalse(first.ignore());
    assertEquals(2, first.pointCount());
    assertEquals(200, first.points()[0]);
    assertEquals(110, first.points()[3]);
    ImglabDataset.Face second = images.get(0).faces().get(1);
    assertTrue(second.ignore());
    assertEquals(0, second.pointCount());
  }

  @Test
  void read_aDoctype_isRefused() {
    assertThrows(
        IOException.class,
        () ->
            read(
                """
                <?xml version='1.0'?>
                <!DOCTYPE dataset [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>
                <dataset><images/></dataset>
                """));
  }
}
