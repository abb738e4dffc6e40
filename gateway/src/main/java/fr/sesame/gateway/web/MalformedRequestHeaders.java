package fr.sesame.gateway.web;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * A request refused before the gateway's filters see it gets a bare, empty 400, 414 or 431, without any of the
 * security headers every other answer of the gateway carries, which scanners report: Reactor Netty's own refusal
 * (headers over the size limit) and Spring's (a request line {@code java.net.URI} cannot read, such as
 * {@code /a|b}). A handler beside the HTTP codec of each connection gives an empty error response without a content
 * type the headers of an empty page. An upstream application's empty error gets them too, and cannot render
 * differently for it: there is nothing to render; its cache directive, if it wrote one, is kept.
 */
public final class MalformedRequestHeaders implements NettyServerCustomizer {

	static final String HANDLER_NAME = "sesame.emptyErrorHeaders";

	private static final EmptyErrorHeaders HANDLER = new EmptyErrorHeaders();

	@Override
	public HttpServer apply(HttpServer server) {
		return server.doOnChannelInit((observer, channel, remoteAddress) -> {
			ChannelPipeline pipeline = channel.pipeline();
			if (pipeline.get(NettyPipeline.HttpCodec) != null) {
				pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER_NAME, HANDLER);
			}
		});
	}

	@Sharable
	private static final class EmptyErrorHeaders extends ChannelOutboundHandlerAdapter {

		@Override
		public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
			if (message instanceof HttpResponse response && response.status().code() >= 400) {
				HttpHeaders headers = response.headers();
				if (HttpUtil.getContentLength(response, -1L) == 0 && !headers.contains(HttpHeaderNames.CONTENT_TYPE)
						&& !headers.contains(HttpHeaderNames.CONTENT_SECURITY_POLICY)) {
					headers.set(HttpHeaderNames.CONTENT_SECURITY_POLICY,
							"default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
					headers.set("X-Content-Type-Options", "nosniff");
					headers.set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY");
					headers.set("Referrer-Policy", "no-referrer");
					if (!headers.contains(HttpHeaderNames.CACHE_CONTROL)) {
						headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
					}
				}
			}
			super.write(context, message, promise);
		}

	}

}
