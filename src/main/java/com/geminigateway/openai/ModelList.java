package com.geminigateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

public record ModelList(String object, List<Model> data) {

    public record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {
        public static Model of(String id) {
            return new Model(id, "model", 0L, "google");
        }
    }

    public static ModelList of(List<Model> models) {
        return new ModelList("list", models);
    }
}
