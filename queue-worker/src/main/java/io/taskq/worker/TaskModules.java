package io.taskq.worker;

import io.taskq.ConfigException;
import io.taskq.TaskModule;
import io.taskq.config.TaskqConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/** Which task modules {@code taskq worker} registers, given the loaded configuration. */
@FunctionalInterface
public interface TaskModules {
  /** Where jars list their modules, as {@link ServiceLoader} reads them. */
  String SERVICES = "META-INF/services/" + TaskModule.class.getName();

  /**
   * The modules.
   *
   * @throws ConfigException one line naming the jar and the class when a module cannot be loaded
   */
  List<TaskModule> forConfig(TaskqConfig config);

  /**
   * The modules listed in {@code META-INF/services/io.taskq.TaskModule} of the class path (jars on
   * {@code --classpath}), as {@link ServiceLoader} finds them; a listed class that is missing, is
   * not a {@code TaskModule} or has no public no-argument constructor is a {@link
   * ConfigException} naming the jar and the class (ServiceLoader's error names neither jar).
   */
  static TaskModules serviceLoader() {
    return config -> {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      List<TaskModule> modules = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      try {
        Enumeration<URL> files = loader.getResources(SERVICES);
        while (files.hasMoreElements()) {
          URL file = files.nextElement();
          for (String name : classNames(file)) {
            if (seen.add(name)) {
              modules.add(instantiate(loader, name, jarOf(file)));
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return modules;
    };
  }

  /** These modules and then {@code more}'s. */
  default TaskModules and(TaskModules more) {
    return config -> {
      List<TaskModule> all = new ArrayList<>(forConfig(config));
      all.addAll(more.forConfig(config));
      return all;
    };
  }

  private static List<String> classNames(URL file) throws IOException {
    List<String> names = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(file.openStream(),
        StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        int hash = line.indexOf('#');
        String name = (hash < 0 ? line : line.substring(0, hash)).strip();
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    }
    return names;
  }

  private static TaskModule instantiate(ClassLoader loader, String name, String jar) {
    String where = jar + ": " + SERVICES + " names " + name;
    Class<?> c;
    try {
      c = Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ConfigException(where + ", which is not on the class path (check the spelling"
          + " and that the jar holds the class)");
    }
    if (!TaskModule.class.isAssignableFrom(c)) {
      throw new ConfigException(where + ", which does not implement " + TaskModule.class.getName());
    }
    Constructor<?> ctor;
    try {
      ctor = c.getConstructor();
    } catch (NoSuchMethodException e) {
      ctor = null;
    }
    if (ctor == null || !Modifier.isPublic(c.getModifiers())
        || Modifier.isAbstract(c.getModifiers())) {
      throw new ConfigException(where + ", which is not a public class with a public"
          + " no-argument constructor");
    }
    try {
      return (TaskModule) ctor.newInstance();
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ConfigException(where + ", whose constructor failed: "
          + cause.getClass().getSimpleName() + ": " + cause.getMessage());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new ConfigException(where + ", which cannot be created: " + e);
    }
  }

  /** The jar (or directory) a services file is in, as a path. */
  private static String jarOf(URL file) {
    try {
      if (file.openConnection() instanceof JarURLConnection j) {
        return Path.of(j.getJarFileURL().toURI()).toString();
      }
      String s = file.toString();
      return Path.of(URI.create(s.substring(0, s.length() - SERVICES.length()))).toString();
    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
      return file.toString();
    }
  }
}
