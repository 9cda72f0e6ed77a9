// Loads glossaries with OmegaT's own readers (Debian's omegat, /usr/share/omegat/OmegaT.jar) and prints what
// OmegaT sees: the number of entries and the first few. Run through Scripts/check-omegat-glossary.
import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.util.List;
import org.omegat.core.Core;
import org.omegat.core.data.IProject;
import org.omegat.core.data.ProjectProperties;
import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryReaderTBX;
import org.omegat.gui.glossary.GlossaryReaderTSV;

public class OmegaTGlossaryCheck {
    public static void main(String[] args) throws Exception {
        // OmegaT's TBX reader keeps the langSets of the project's languages: give it an ar -> en project.
        ProjectProperties properties = new ProjectProperties(Files.createTempDirectory("omegat-project").toFile());
        properties.setSourceLanguage("ar");
        properties.setTargetLanguage("en");
        IProject project = (IProject) Proxy.newProxyInstance(IProject.class.getClassLoader(), new Class<?>[] { IProject.class },
            (proxy, method, arguments) -> method.getName().equals("getProjectProperties") ? properties : null);
        Core.setProject(project);
        int failures = 0;
        for (String path : args) {
            File file = new File(path);
            List<GlossaryEntry> entries = path.toLowerCase().endsWith(".tbx")
                ? GlossaryReaderTBX.read(file, false) : GlossaryReaderTSV.read(file, false);
            System.out.println(path + ": OmegaT read " + entries.size() + " entries");
            for (GlossaryEntry entry : entries.subList(0, Math.min(3, entries.size()))) {
                System.out.println("  " + entry.getSrcText() + " -> " + entry.getLocText() + "  [" + entry.getCommentText().replace('\n', ' ') + "]");
            }
            if (entries.isEmpty()) failures++;
        }
        System.exit(failures == 0 ? 0 : 1);
    }
}
