package dev.sluice.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class GlueConsoleLinksTest {

    private final GlueProperties glue =
            new GlueProperties(new BigDecimal("0.44"), "USD", "/aws-glue/jobs/sluice-{environment}");

    @Test
    void theLogsLinkOpensTheRunsStreamsInTheEnvironmentsLogGroup() {
        var links = new GlueConsoleLinks(Region.EU_WEST_1, glue);

        assertThat(links.logs("prod", "jr_0123abcd").orElseThrow())
                .hasToString("https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1"
                        + "#logsV2:log-groups/log-group/$252Faws-glue$252Fjobs$252Fsluice-prod"
                        + "$3FlogStreamNameFilter$3Djr_0123abcd");
    }

    @Test
    void chinaRegionsHaveTheirOwnConsoleAndARunWithoutAJobRunHasNoLink() {
        var links = new GlueConsoleLinks(Region.CN_NORTH_1, glue);

        assertThat(links.logs("dev", "jr_1").orElseThrow().getHost()).isEqualTo("cn-north-1.console.amazonaws.cn");
        assertThat(links.logs("dev", null)).isEmpty();
    }

    @Test
    void dpuSecondsArePricedPerDpuHour() {
        assertThat(GlueCost.of(3600, glue).amount()).isEqualByComparingTo("0.44");
        assertThat(GlueCost.of(90, glue).amount()).isEqualByComparingTo("0.0110");
        assertThat(GlueCost.of(0, glue).currency()).isEqualTo("USD");
    }
}
