package org.rampart.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldPathTest {
    @Test
    void keepsPathsTheMapperIndexesAndNeverOnesLongerThanItsBound() {
        FieldPath details = FieldPath.ROOT.child("details");
        assertThat(details.child("sourceipaddress")).isSameAs(details.child("sourceipaddress"));
        assertThat(details.child("sourceipaddress").path).isEqualTo("details.sourceipaddress");

        String huge = "k".repeat(DocumentMapper.MAX_PATH);
        FieldPath first = details.child(huge);
        assertThat(first.path).hasSize("details.".length() + DocumentMapper.MAX_PATH);
        assertThat(details.child(huge)).isNotSameAs(first);
    }
}
