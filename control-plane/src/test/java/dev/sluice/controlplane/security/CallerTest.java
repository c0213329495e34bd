package dev.sluice.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void anApiTokenIsItsIdAndItsName() {
        Caller caller = Caller.of(new ApiTokenAuthentication(42, "token:ci", EnumSet.of(Role.OPERATOR)));
        assertThat(caller).isEqualTo(new Caller("token#42", "token:ci"));
    }

    @Test
    void callersCompareByIdWhereTheRecordHasOneAndByNameWhereItDoesNot() {
        Caller alice = new Caller("jwt:1111", "alice");
        assertThat(alice.is("jwt:1111", "alice-renamed"))
                .as("same person, new name")
                .isTrue();
        assertThat(alice.is("jwt:2222", "alice"))
                .as("another person, same name")
                .isFalse();
        assertThat(alice.is(null, "alice")).as("a row from before ids").isTrue();
        assertThat(alice.is(null, "bob")).isFalse();
    }

    @Test
    void nobodyIsAnonymous() {
        assertThat(Caller.of(null)).isEqualTo(new Caller("anonymous", "anonymous"));
    }
}
