package com.geminigateway.e2e;

import com.geminigateway.testing.TestGateway;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;

/**
 * Until the native Gemini routes (/v1beta) exist, requests there never pass the filters (the container
 * answers 404 itself). This stands in for them, so the tests can see what the filters answer on a
 * Google route; once a real /v1beta servlet is mapped, it is used instead and this does nothing.
 */
final class NativeRouteStub extends HttpServlet {

    private NativeRouteStub() {
    }

    static void ensure(TestGateway gateway) {
        Context context = gateway.context();
        if (context.findServletMapping("/v1beta/*") != null) {
            return;
        }
        Wrapper wrapper = Tomcat.addServlet(context, "nativeRouteStub", new NativeRouteStub());
        wrapper.setAsyncSupported(true);
        context.addServletMappingDecoded("/v1beta/*", "nativeRouteStub");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.getWriter().write("{}");
    }
}
