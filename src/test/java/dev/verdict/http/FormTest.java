package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a console form body may be: strict percent-decoding, valid UTF-8, no control characters, bounded fields. */
class FormTest {

    private static Form parse(String body) {
        return Form.parse(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void decodesWhatBrowsersSend() {
        var form = parse("name=Acme+Verification&csrf=abc_-123&url=https%3A%2F%2Fx.example%2Fcb%3Fa%3D1&empty=&flag");
        assertThat(form.value("name")).isEqualTo("Acme Verification");
        assertThat(form.value("csrf")).isEqualTo("abc_-123");
        assertThat(form.value("url")).isEqualTo("https://x.example/cb?a=1");
        assertThat(form.first("empty")).hasValue("");
        assertThat(form.first("flag")).hasValue("");
        assertThat(form.first("missing")).isEmpty();
        assertThat(form.value("missing")).isEmpty();
    }

    @Test
    void decodesUtf8AndKeepsMarkupAsText() {
        var form = parse("name=%3Cscript%3Ealert(1)%3C%2Fscript%3E&city=Z%C3%BCrich&note=a%0D%0Ab");
        assertThat(form.value("name")).isEqualTo("<script>alert(1)</script>");
        assertThat(form.value("city")).isEqualTo("Zürich");
        assertThat(form.value("note")).isEqualTo("a\r\nb");
    }

    @Test
    void theFirstOfARepeatedFieldCounts() {
        var form = parse("csrf=first&csrf=second");
        assertThat(form.value("csrf")).isEqualTo("first");
        assertThat(form.all("csrf")).containsExactly("first", "second");
    }

    @Test
    void anEmptyBodyIsAnEmptyForm() {
        assertThat(parse("").first("csrf")).isEmpty();
    }

    @Test
    void refusesBrokenEncodings() {
        for (var body : new String[] {"a=%", "a=%4", "a=%zz", "a=%C3", "a=%FF%FE", "a=%00", "a=%1B", "a=%7F",
                "%ZZ=1"}) {
            assertThatThrownBy(() -> parse(body)).as(body).isInstanceOf(FormException.class)
                    .message().doesNotContain(body.substring(2));
        }
    }

    @Test
    void refusesTooManyFields() {
        assertThatThrownBy(() -> parse("a=1&".repeat(65))).isInstanceOf(FormException.class);
        assertThat(parse("a=1&".repeat(63) + "a=1").all("a")).hasSize(64);
    }
}
