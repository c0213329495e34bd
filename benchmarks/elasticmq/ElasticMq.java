import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** Starts ElasticMQ on 127.0.0.1 at the given port and runs until killed; see pom.xml beside it. */
public class ElasticMq {
    public static void main(String[] args) throws Exception {
        var server = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withPort(Integer.parseInt(args[0]))
                .start();
        server.waitUntilStarted();
        System.out.println("ELASTICMQ READY");
        Thread.currentThread().join();
    }
}
