package dev.sluice.controlplane.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Problems for what Tomcat refuses before any filter sees it, such as an encoded {@code /} or a
 * NUL byte in the path ({@code %2f}, {@code %00}): the host's error report valve writes a problem
 * instead of its HTML page. Runs after Spring Boot's own customizer, whose valve it replaces.
 */
@Component
class ContainerProblems implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Pipeline pipeline = context.getParent().getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ProblemReportValve());
            // The host adds a valve of this class when it starts unless it finds one (by class name).
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Public, as Tomcat may create it by its class name. */
    public static final class ProblemReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            // As Tomcat's own valve: only an error nobody has answered yet.
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            ProblemDetail problem = Problems.of(HttpStatusCode.valueOf(status), detail(status));
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            Problems.write(json, problem);
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding("utf-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(json.toString(StandardCharsets.UTF_8));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The client is gone or the response is closed: nothing left to tell it.
            }
        }

        private static String detail(int status) {
            if (status == 400) {
                return "the request line was refused: an encoded '/', '\\' or NUL byte in the path,"
                        + " or a malformed URI";
            }
            if (status >= 500) {
                return "Sluice could not complete the request; the error is in its log";
            }
            HttpStatus known = HttpStatus.resolve(status);
            return "the request was refused" + (known == null ? "" : ": " + known.getReasonPhrase());
        }
    }
}
