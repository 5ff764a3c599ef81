package reassure;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The README's Spark recipe in local mode: sessions (a whole session a line) read in
 * PARTITIONS partitions plus one empty one, piped through COMMAND (`reassure audit - ...`),
 * the mappers' JSON Lines saved as part files in OUTPUT.
 * Usage: PipeAudit INPUT OUTPUT PARTITIONS COMMAND
 */
public final class PipeAudit {
  private PipeAudit() {}

  public static void main(String[] args) {
    String input = args[0];
    String output = args[1];
    int partitions = Integer.parseInt(args[2]);
    String command = args[3];
    SparkConf conf = new SparkConf().setAppName("reassure-pipe").setMaster("local[2]").set("spark.ui.enabled", "false");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      // The empty partition comes last: a mapper given nothing must still exit 0.
      JavaRDD<String> sessions = sc.textFile(input, partitions).union(sc.parallelize(List.<String>of(), 1));
      long start = System.nanoTime();
      // pipe(String) splits the command at white space (no quotes) and runs it without a shell.
      sessions.pipe(command).saveAsTextFile(output);
      System.out.printf("spark %s, %d partitions, pipe and save: %.1f s%n", sc.version(), sessions.getNumPartitions(), (System.nanoTime() - start) / 1e9);
    }
  }
}
