// epubcheck on several EPUBs in one Java process: the JVM start and epubcheck's schema loading
// cost more than checking a file, and epubcheck's command line takes one file per run.
// Run as a single-file source program (Java 11+):
//   java -cp /usr/share/java/epubcheck.jar EpubCheckAll.java A.epub B.epub ...
// For each file, one header line "@@@ epubcheck EXIT PATH" and then everything epubcheck printed
// for it (standard output and error together), as `epubcheck PATH` prints it.
import com.adobe.epubcheck.tool.EpubChecker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

public class EpubCheckAll {
    public static void main(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        for (String file : args) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            int code;
            try {
                code = new EpubChecker().run(new String[] {file});
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
            capture.flush();
            out.println("@@@ epubcheck " + code + " " + file);
            out.print(buffer.toString(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
