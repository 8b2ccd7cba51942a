import { MigrationInterface, QueryRunner } from "typeorm";

export class MockPosts1597424501158 implements MigrationInterface {
  public async up(_: QueryRunner): Promise<void> {
    // await queryRunner.query(`
    //     insert into post (title, text, "creatorId", "createdAt") values ('Sinbad: The Fifth Voyage', 'Aenean lectus. Pellentesque eget nunc. Donec quis orci eget orci vehicula condimentum.', 1, '2019-12-06T09:20:02Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('B. Monkey', 'Phasellus sit amet erat. Nulla tempus. Vivamus in felis eu sapien cursus vestibulum.', 1, '2020-08-06T01:46:37Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Time in the Minors', 'Sed ante. Vivamus tortor. Duis mattis egestas metus.', 1, '2020-05-28T03:33:18Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Soap and Water', 'Fusce posuere felis sed lacus. Morbi sem mauris, laoreet ut, rhoncus aliquet, pulvinar sed, nisl. Nunc rhoncus dui vel sem.
    //     Sed sagittis. Nam congue, risus semper porta volutpat, quam pede lobortis ligula, sit amet eleifend pede libero quis orci. Nullam molestie nibh in lectus.', 1, '2019-12-26T07:40:00Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Shiro Amakusa, the Christian Rebel (Amakusa Shiro tokisada)', 'Duis bibendum, felis sed interdum venenatis, turpis enim blandit mi, in porttitor pede justo eu massa. Donec dapibus. Duis at velit eu est congue elementum.', 1, '2019-09-09T04:25:54Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Young Unknowns, The', 'Duis bibendum, felis sed interdum venenatis, turpis enim blandit mi, in porttitor pede justo eu massa. Donec dapibus. Duis at velit eu est congue elementum.
    //     In hac habitasse platea dictumst. Morbi vestibulum, velit id pretium iaculis, diam erat fermentum justo, nec condimentum neque sapien placerat ante. Nulla justo.
    //     Aliquam quis turpis eget elit sodales scelerisque. Mauris sit amet eros. Suspendisse accumsan tortor quis turpis.', 1, '2019-12-11T10:40:29Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Pups', 'Sed sagittis. Nam congue, risus semper porta volutpat, quam pede lobortis ligula, sit amet eleifend pede libero quis orci. Nullam molestie nibh in lectus.', 1, '2020-03-30T01:12:41Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Hitler: The Rise of Evil', 'Nullam porttitor lacus at turpis. Donec posuere metus vitae ipsum. Aliquam non mauris.
    //     Morbi non lectus. Aliquam sit amet diam in magna bibendum imperdiet. Nullam orci pede, venenatis non, sodales sed, tincidunt eu, felis.', 1, '2020-03-25T08:41:46Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('White Squall', 'In hac habitasse platea dictumst. Morbi vestibulum, velit id pretium iaculis, diam erat fermentum justo, nec condimentum neque sapien placerat ante. Nulla justo.
    //     Aliquam quis turpis eget elit sodales scelerisque. Mauris sit amet eros. Suspendisse accumsan tortor quis turpis.', 1, '2019-11-14T23:39:50Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Soldier''s Sweetheart, A', 'Nulla ut erat id mauris vulputate elementum. Nullam varius. Nulla facilisi.
    //     Cras non velit nec nisi vulputate nonummy. Maecenas tincidunt lacus at velit. Vivamus vel nulla eget eros elementum pellentesque.
    //     Quisque porta volutpat erat. Quisque erat eros, viverra eget, congue eget, semper rutrum, nulla. Nunc purus.', 1, '2019-09-13T00:02:42Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Village of the Damned', 'Cras mi pede, malesuada in, imperdiet et, commodo vulputate, justo. In blandit ultrices enim. Lorem ipsum dolor sit amet, consectetuer adipiscing elit.
    //     Proin interdum mauris non ligula pellentesque ultrices. Phasellus id sapien in sapien iaculis congue. Vivamus metus arcu, adipiscing molestie, hendrerit at, vulputate vitae, nisl.
    //     Aenean lectus. Pellentesque eget nunc. Donec quis orci eget orci vehicula condimentum.', 1, '2020-07-31T23:39:07Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Champagne for Caesar', 'Phasellus sit amet erat. Nulla tempus. Vivamus in felis eu sapien cursus vestibulum.
    //     Proin eu mi. Nulla ac enim. In tempor, turpis nec euismod scelerisque, quam turpis adipiscing lorem, vitae mattis nibh ligula nec sem.
    //     Duis aliquam convallis nunc. Proin at turpis a pede posuere nonummy. Integer non velit.', 1, '2020-03-16T15:56:21Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Meet the Deedles', 'Morbi porttitor lorem id ligula. Suspendisse ornare consequat lectus. In est risus, auctor sed, tristique in, tempus sit amet, sem.
    //     Fusce consequat. Nulla nisl. Nunc nisl.', 1, '2020-03-21T00:39:25Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('We Were Soldiers', 'In hac habitasse platea dictumst. Morbi vestibulum, velit id pretium iaculis, diam erat fermentum justo, nec condimentum neque sapien placerat ante. Nulla justo.', 1, '2019-08-17T20:27:44Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Life Partners', 'Cras mi pede, malesuada in, imperdiet et, commodo vulputate, justo. In blandit ultrices enim. Lorem ipsum dolor sit amet, consectetuer adipiscing elit.
    //     Proin interdum mauris non ligula pellentesque ultrices. Phasellus id sapien in sapien iaculis congue. Vivamus metus arcu, adipiscing molestie, hendrerit at, vulputate vitae, nisl.', 1, '2020-04-11T20:37:44Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Breaking the Maya Code', 'Proin interdum mauris non ligula pellentesque ultrices. Phasellus id sapien in sapien iaculis congue. Vivamus metus arcu, adipiscing molestie, hendrerit at, vulputate vitae, nisl.', 1, '2020-02-04T10:22:58Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Exterminating Angel, The (Ángel exterminador, El)', 'Cras mi pede, malesuada in, imperdiet et, commodo vulputate, justo. In blandit ultrices enim. Lorem ipsum dolor sit amet, consectetuer adipiscing elit.
    //     Proin interdum mauris non ligula pellentesque ultrices. Phasellus id sapien in sapien iaculis congue. Vivamus metus arcu, adipiscing molestie, hendrerit at, vulputate vitae, nisl.
    //     Aenean lectus. Pellentesque eget nunc. Donec quis orci eget orci vehicula condimentum.', 1, '2020-07-09T03:24:15Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Funny Girl', 'Vestibulum quam sapien, varius ut, blandit non, interdum in, ante. Vestibulum ante ipsum primis in faucibus orci luctus et ultrices posuere cubilia Curae; Duis faucibus accumsan odio. Curabitur convallis.
    //     Duis consequat dui nec nisi volutpat eleifend. Donec ut dolor. Morbi vel lectus in quam fringilla rhoncus.
    //     Mauris enim leo, rhoncus sed, vestibulum sit amet, cursus id, turpis. Integer aliquet, massa id lobortis convallis, tortor risus dapibus augue, vel accumsan tellus nisi eu orci. Mauris lacinia sapien quis libero.', 1, '2019-08-22T10:44:21Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Courageous', 'Curabitur gravida nisi at nibh. In hac habitasse platea dictumst. Aliquam augue quam, sollicitudin vitae, consectetuer eget, rutrum at, lorem.
    //     Integer tincidunt ante vel ipsum. Praesent blandit lacinia erat. Vestibulum sed magna at nunc commodo placerat.
    //     Praesent blandit. Nam nulla. Integer pede justo, lacinia eget, tincidunt eget, tempus vel, pede.', 1, '2020-01-16T22:52:03Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Assassination Tango', 'Aenean fermentum. Donec ut mauris eget massa tempor convallis. Nulla neque libero, convallis eget, eleifend luctus, ultricies eu, nibh.
    //     Quisque id justo sit amet sapien dignissim vestibulum. Vestibulum ante ipsum primis in faucibus orci luctus et ultrices posuere cubilia Curae; Nulla dapibus dolor vel est. Donec odio justo, sollicitudin ut, suscipit a, feugiat et, eros.', 1, '2020-05-11T21:32:53Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Il Mare (Siworae)', 'Duis aliquam convallis nunc. Proin at turpis a pede posuere nonummy. Integer non velit.', 1, '2020-04-18T16:34:53Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Best Man, The', 'Duis bibendum, felis sed interdum venenatis, turpis enim blandit mi, in porttitor pede justo eu massa. Donec dapibus. Duis at velit eu est congue elementum.', 1, '2019-11-08T15:52:52Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Wilby Conspiracy, The', 'Aliquam quis turpis eget elit sodales scelerisque. Mauris sit amet eros. Suspendisse accumsan tortor quis turpis.', 1, '2020-03-07T16:31:06Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Talking About Sex', 'Maecenas tristique, est et tempus semper, est quam pharetra magna, ac consequat metus sapien ut nunc. Vestibulum ante ipsum primis in faucibus orci luctus et ultrices posuere cubilia Curae; Mauris viverra diam vitae quam. Suspendisse potenti.', 1, '2020-05-16T22:38:45Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Hell Drivers', 'Sed ante. Vivamus tortor. Duis mattis egestas metus.', 1, '2019-10-19T00:17:23Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Hamlet', 'Pellentesque at nulla. Suspendisse potenti. Cras in purus eu magna vulputate luctus.
    //     Cum sociis natoque penatibus et magnis dis parturient montes, nascetur ridiculus mus. Vivamus vestibulum sagittis sapien. Cum sociis natoque penatibus et magnis dis parturient montes, nascetur ridiculus mus.
    //     Etiam vel augue. Vestibulum rutrum rutrum neque. Aenean auctor gravida sem.', 1, '2019-12-22T09:51:33Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Power Play', 'Integer tincidunt ante vel ipsum. Praesent blandit lacinia erat. Vestibulum sed magna at nunc commodo placerat.
    //     Praesent blandit. Nam nulla. Integer pede justo, lacinia eget, tincidunt eget, tempus vel, pede.
    //     Morbi porttitor lorem id ligula. Suspendisse ornare consequat lectus. In est risus, auctor sed, tristique in, tempus sit amet, sem.', 1, '2020-07-14T13:55:18Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Naked Blood: Megyaku (Nekeddo burâddo: Megyaku)', 'Curabitur in libero ut massa volutpat convallis. Morbi odio odio, elementum eu, interdum eu, tincidunt in, leo. Maecenas pulvinar lobortis est.
    //     Phasellus sit amet erat. Nulla tempus. Vivamus in felis eu sapien cursus vestibulum.', 1, '2019-09-07T13:19:13Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('The Good Lie', 'In quis justo. Maecenas rhoncus aliquam lacus. Morbi quis tortor id nulla ultrices aliquet.', 1, '2020-05-22T10:04:29Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Thousand Clouds of Peace, A (Mil nubes de paz cercan el cielo, amor, jamás acabarás de ser amor)', 'Curabitur in libero ut massa volutpat convallis. Morbi odio odio, elementum eu, interdum eu, tincidunt in, leo. Maecenas pulvinar lobortis est.
    //     Phasellus sit amet erat. Nulla tempus. Vivamus in felis eu sapien cursus vestibulum.
    //     Proin eu mi. Nulla ac enim. In tempor, turpis nec euismod scelerisque, quam turpis adipiscing lorem, vitae mattis nibh ligula nec sem.', 1, '2019-10-17T07:17:19Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Night, The (Notte, La)', 'Nullam porttitor lacus at turpis. Donec posuere metus vitae ipsum. Aliquam non mauris.
    //     Morbi non lectus. Aliquam sit amet diam in magna bibendum imperdiet. Nullam orci pede, venenatis non, sodales sed, tincidunt eu, felis.', 1, '2020-07-08T06:31:43Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Return of Doctor X, The', 'Curabitur at ipsum ac tellus semper interdum. Mauris ullamcorper purus sit amet nulla. Quisque arcu libero, rutrum ac, lobortis vel, dapibus at, diam.', 1, '2019-10-14T05:40:48Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Expecting a Miracle', 'Cras non velit nec nisi vulputate nonummy. Maecenas tincidunt lacus at velit. Vivamus vel nulla eget eros elementum pellentesque.
    //     Quisque porta volutpat erat. Quisque erat eros, viverra eget, congue eget, semper rutrum, nulla. Nunc purus.
    //     Phasellus in felis. Donec semper sapien a libero. Nam dui.', 1, '2020-04-20T20:26:51Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Southland Tales', 'Etiam vel augue. Vestibulum rutrum rutrum neque. Aenean auctor gravida sem.
    //     Praesent id massa id nisl venenatis lacinia. Aenean sit amet justo. Morbi ut odio.
    //     Cras mi pede, malesuada in, imperdiet et, commodo vulputate, justo. In blandit ultrices enim. Lorem ipsum dolor sit amet, consectetuer adipiscing elit.', 1, '2019-12-15T18:20:45Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Over-Eater, The (L''outremangeur)', 'Praesent id massa id nisl venenatis lacinia. Aenean sit amet justo. Morbi ut odio.', 1, '2020-07-13T19:39:44Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Last Seduction, The', 'Nullam porttitor lacus at turpis. Donec posuere metus vitae ipsum. Aliquam non mauris.', 1, '2020-06-20T00:41:21Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Blood Shack', 'Maecenas tristique, est et tempus semper, est quam pharetra magna, ac consequat metus sapien ut nunc. Vestibulum ante ipsum primis in faucibus orci luctus et ultrices posuere cubilia Curae; Mauris viverra diam vitae quam. Suspendisse potenti.
    //     Nullam porttitor lacus at turpis. Donec posuere metus vitae ipsum. Aliquam non mauris.
    //     Morbi non lectus. Aliquam sit amet diam in magna bibendum imperdiet. Nullam orci pede, venenatis non, sodales sed, tincidunt eu, felis.', 1, '2020-05-01T07:38:48Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Adventures of Mary-Kate and Ashley, The: The Case of the United States Navy Adventure', 'In sagittis dui vel nisl. Duis ac nibh. Fusce lacus purus, aliquet at, feugiat non, pretium quis, lectus.
    //     Suspendisse potenti. In eleifend quam a odio. In hac habitasse platea dictumst.
    //     Maecenas ut massa quis augue luctus tincidunt. Nulla mollis molestie lorem. Quisque ut erat.', 1, '2020-03-25T06:22:06Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Lloyds of London', 'Quisque porta volutpat erat. Quisque erat eros, viverra eget, congue eget, semper rutrum, nulla. Nunc purus.
    //     Phasellus in felis. Donec semper sapien a libero. Nam dui.
    //     Proin leo odio, porttitor id, consequat in, consequat ut, nulla. Sed accumsan felis. Ut at dolor quis odio consequat varius.', 1, '2020-05-18T14:07:01Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Maryam', 'Cum sociis natoque penatibus et magnis dis parturient montes, nascetur ridiculus mus. Vivamus vestibulum sagittis sapien. Cum sociis natoque penatibus et magnis dis parturient montes, nascetur ridiculus mus.
    //     Etiam vel augue. Vestibulum rutrum rutrum neque. Aenean auctor gravida sem.', 1, '2020-03-14T17:03:43Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('When Eight Bells Toll', 'Maecenas tristique, est et tempus semper, est quam pharetra magna, ac consequat metus sapien ut nunc. Vestibulum ante ipsum primis in faucibus orci luctus et ultrices posuere cubilia Curae; Mauris viverra diam vitae quam. Suspendisse potenti.', 1, '2019-11-05T09:39:26Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Southern Comfort', 'In sagittis dui vel nisl. Duis ac nibh. Fusce lacus purus, aliquet at, feugiat non, pretium quis, lectus.', 1, '2020-07-07T06:06:07Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Christmas in Connecticut', 'Proin leo odio, porttitor id, consequat in, consequat ut, nulla. Sed accumsan felis. Ut at dolor quis odio consequat varius.
    //     Integer ac leo. Pellentesque ultrices mattis odio. Donec vitae nisi.
    //     Nam ultrices, libero non mattis pulvinar, nulla pede ullamcorper augue, a suscipit nulla elit ac nulla. Sed vel enim sit amet nunc viverra dapibus. Nulla suscipit ligula in lacus.', 1, '2020-03-01T13:13:59Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Race for Your Life, Charlie Brown', 'Praesent blandit. Nam nulla. Integer pede justo, lacinia eget, tincidunt eget, tempus vel, pede.
    //     Morbi porttitor lorem id ligula. Suspendisse ornare consequat lectus. In est risus, auctor sed, tristique in, tempus sit amet, sem.', 1, '2020-06-05T19:42:06Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('A Life in Dirty Movies', 'Morbi porttitor lorem id ligula. Suspendisse ornare consequat lectus. In est risus, auctor sed, tristique in, tempus sit amet, sem.
    //     Fusce consequat. Nulla nisl. Nunc nisl.
    //     Duis bibendum, felis sed interdum venenatis, turpis enim blandit mi, in porttitor pede justo eu massa. Donec dapibus. Duis at velit eu est congue elementum.', 1, '2020-01-26T20:42:06Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Five Minarets in New York (Act of Vengeance) (Terrorist, The)', 'Integer tincidunt ante vel ipsum. Praesent blandit lacinia erat. Vestibulum sed magna at nunc commodo placerat.
    //     Praesent blandit. Nam nulla. Integer pede justo, lacinia eget, tincidunt eget, tempus vel, pede.', 1, '2020-02-14T14:56:38Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Criminal Law', 'In congue. Etiam justo. Etiam pretium iaculis justo.
    //     In hac habitasse platea dictumst. Etiam faucibus cursus urna. Ut tellus.', 1, '2019-10-27T12:57:27Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('First Kid', 'Pellentesque at nulla. Suspendisse potenti. Cras in purus eu magna vulputate luctus.
    //     Cum sociis natoque penatibus et magnis dis parturient montes, nascetur ridiculus mus. Vivamus vestibulum sagittis sapien. Cum sociis natoque penatibus et magnis dis parturient montes, nascetur ridiculus mus.
    //     Etiam vel augue. Vestibulum rutrum rutrum neque. Aenean auctor gravida sem.', 1, '2020-05-08T02:55:58Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('My Crazy Life (Mi vida loca)', 'Proin eu mi. Nulla ac enim. In tempor, turpis nec euismod scelerisque, quam turpis adipiscing lorem, vitae mattis nibh ligula nec sem.', 1, '2020-01-02T03:21:00Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('In Bloom (Grzeli nateli dgeebi)', 'In hac habitasse platea dictumst. Etiam faucibus cursus urna. Ut tellus.
    //     Nulla ut erat id mauris vulputate elementum. Nullam varius. Nulla facilisi.
    //     Cras non velit nec nisi vulputate nonummy. Maecenas tincidunt lacus at velit. Vivamus vel nulla eget eros elementum pellentesque.', 1, '2020-07-11T06:44:28Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Garbage Warrior', 'Nulla ut erat id mauris vulputate elementum. Nullam varius. Nulla facilisi.
    //     Cras non velit nec nisi vulputate nonummy. Maecenas tincidunt lacus at velit. Vivamus vel nulla eget eros elementum pellentesque.
    //     Quisque porta volutpat erat. Quisque erat eros, viverra eget, congue eget, semper rutrum, nulla. Nunc purus.', 1, '2020-01-16T17:30:14Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Late Show, The', 'Curabitur gravida nisi at nibh. In hac habitasse platea dictumst. Aliquam augue quam, sollicitudin vitae, consectetuer eget, rutrum at, lorem.', 1, '2019-09-17T10:18:17Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Paper Lion', 'Aliquam quis turpis eget elit sodales scelerisque. Mauris sit amet eros. Suspendisse accumsan tortor quis turpis.
    //     Sed ante. Vivamus tortor. Duis mattis egestas metus.', 1, '2019-08-30T12:19:57Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Time Changer', 'Curabitur gravida nisi at nibh. In hac habitasse platea dictumst. Aliquam augue quam, sollicitudin vitae, consectetuer eget, rutrum at, lorem.', 1, '2019-09-11T08:27:17Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Tattooed Life (Irezumi ichidai)', 'Nulla ut erat id mauris vulputate elementum. Nullam varius. Nulla facilisi.
    //     Cras non velit nec nisi vulputate nonummy. Maecenas tincidunt lacus at velit. Vivamus vel nulla eget eros elementum pellentesque.
    //     Quisque porta volutpat erat. Quisque erat eros, viverra eget, congue eget, semper rutrum, nulla. Nunc purus.', 1, '2020-08-10T02:28:47Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Hysteria: The Def Leppard Story', 'Donec diam neque, vestibulum eget, vulputate ut, ultrices vel, augue. Vestibulum ante ipsum primis in faucibus orci luctus et ultrices posuere cubilia Curae; Donec pharetra, magna vestibulum aliquet ultrices, erat tortor sollicitudin mi, sit amet lobortis sapien sapien non mi. Integer ac neque.', 1, '2020-06-29T08:23:31Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Thampu', 'Proin interdum mauris non ligula pellentesque ultrices. Phasellus id sapien in sapien iaculis congue. Vivamus metus arcu, adipiscing molestie, hendrerit at, vulputate vitae, nisl.
    //     Aenean lectus. Pellentesque eget nunc. Donec quis orci eget orci vehicula condimentum.
    //     Curabitur in libero ut massa volutpat convallis. Morbi odio odio, elementum eu, interdum eu, tincidunt in, leo. Maecenas pulvinar lobortis est.', 1, '2019-11-15T22:48:06Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Haunted Echoes', 'Sed sagittis. Nam congue, risus semper porta volutpat, quam pede lobortis ligula, sit amet eleifend pede libero quis orci. Nullam molestie nibh in lectus.
    //     Pellentesque at nulla. Suspendisse potenti. Cras in purus eu magna vulputate luctus.
    //     Cum sociis natoque penatibus et magnis dis parturient montes, nascetur ridiculus mus. Vivamus vestibulum sagittis sapien. Cum sociis natoque penatibus et magnis dis parturient montes, nascetur ridiculus mus.', 1, '2019-11-02T07:16:32Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Beautiful Girl', 'Aenean fermentum. Donec ut mauris eget massa tempor convallis. Nulla neque libero, convallis eget, eleifend luctus, ultricies eu, nibh.', 1, '2019-10-09T08:45:48Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Fantastic Four, The', 'Cras mi pede, malesuada in, imperdiet et, commodo vulputate, justo. In blandit ultrices enim. Lorem ipsum dolor sit amet, consectetuer adipiscing elit.
    //     Proin interdum mauris non ligula pellentesque ultrices. Phasellus id sapien in sapien iaculis congue. Vivamus metus arcu, adipiscing molestie, hendrerit at, vulputate vitae, nisl.', 1, '2019-10-13T07:16:08Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Just Friends?', 'In hac habitasse platea dictumst. Morbi vestibulum, velit id pretium iaculis, diam erat fermentum justo, nec condimentum neque sapien placerat ante. Nulla justo.', 1, '2020-04-10T06:29:55Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Minnie and Moskowitz', 'Nullam sit amet turpis elementum ligula vehicula consequat. Morbi a ipsum. Integer a nibh.
    //     In quis justo. Maecenas rhoncus aliquam lacus. Morbi quis tortor id nulla ultrices aliquet.', 1, '2019-12-07T17:43:15Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Rabbit', 'Proin leo odio, porttitor id, consequat in, consequat ut, nulla. Sed accumsan felis. Ut at dolor quis odio consequat varius.
    //     Integer ac leo. Pellentesque ultrices mattis odio. Donec vitae nisi.', 1, '2020-06-13T07:40:43Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('City of Your Final Destination, The', 'Aenean fermentum. Donec ut mauris eget massa tempor convallis. Nulla neque libero, convallis eget, eleifend luctus, ultricies eu, nibh.
    //     Quisque id justo sit amet sapien dignissim vestibulum. Vestibulum ante ipsum primis in faucibus orci luctus et ultrices posuere cubilia Curae; Nulla dapibus dolor vel est. Donec odio justo, sollicitudin ut, suscipit a, feugiat et, eros.
    //     Vestibulum ac est lacinia nisi venenatis tristique. Fusce congue, diam id ornare imperdiet, sapien urna pretium nisl, ut volutpat sapien arcu sed augue. Aliquam erat volutpat.', 1, '2020-06-15T16:17:30Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('George Carlin: It''s Bad for Ya!', 'Cras non velit nec nisi vulputate nonummy. Maecenas tincidunt lacus at velit. Vivamus vel nulla eget eros elementum pellentesque.', 1, '2019-09-15T17:39:19Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Calamari Union', 'Phasellus in felis. Donec semper sapien a libero. Nam dui.
    //     Proin leo odio, porttitor id, consequat in, consequat ut, nulla. Sed accumsan felis. Ut at dolor quis odio consequat varius.
    //     Integer ac leo. Pellentesque ultrices mattis odio. Donec vitae nisi.', 1, '2019-08-18T02:22:27Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Man Who Loved Cat Dancing, The', 'Vestibulum ac est lacinia nisi venenatis tristique. Fusce congue, diam id ornare imperdiet, sapien urna pretium nisl, ut volutpat sapien arcu sed augue. Aliquam erat volutpat.
    //     In congue. Etiam justo. Etiam pretium iaculis justo.
    //     In hac habitasse platea dictumst. Etiam faucibus cursus urna. Ut tellus.', 1, '2020-04-24T05:20:53Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Bucket List, The', 'Aenean lectus. Pellentesque eget nunc. Donec quis orci eget orci vehicula condimentum.
    //     Curabitur in libero ut massa volutpat convallis. Morbi odio odio, elementum eu, interdum eu, tincidunt in, leo. Maecenas pulvinar lobortis est.
    //     Phasellus sit amet erat. Nulla tempus. Vivamus in felis eu sapien cursus vestibulum.', 1, '2020-08-03T06:11:07Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Men in White', 'Morbi porttitor lorem id ligula. Suspendisse ornare consequat lectus. In est risus, auctor sed, tristique in, tempus sit amet, sem.', 1, '2020-01-25T07:39:40Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Survival Quest', 'Aenean lectus. Pellentesque eget nunc. Donec quis orci eget orci vehicula condimentum.
    //     Curabitur in libero ut massa volutpat convallis. Morbi odio odio, elementum eu, interdum eu, tincidunt in, leo. Maecenas pulvinar lobortis est.
    //     Phasellus sit amet erat. Nulla tempus. Vivamus in felis eu sapien cursus vestibulum.', 1, '2020-04-16T03:57:56Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Anne of the Thousand Days', 'Cras mi pede, malesuada in, imperdiet et, commodo vulputate, justo. In blandit ultrices enim. Lorem ipsum dolor sit amet, consectetuer adipiscing elit.', 1, '2019-12-06T09:42:06Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Little Richard', 'Curabitur in libero ut massa volutpat convallis. Morbi odio odio, elementum eu, interdum eu, tincidunt in, leo. Maecenas pulvinar lobortis est.
    //     Phasellus sit amet erat. Nulla tempus. Vivamus in felis eu sapien cursus vestibulum.
    //     Proin eu mi. Nulla ac enim. In tempor, turpis nec euismod scelerisque, quam turpis adipiscing lorem, vitae mattis nibh ligula nec sem.', 1, '2020-07-29T15:33:47Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Elvis and Anabelle', 'Maecenas tristique, est et tempus semper, est quam pharetra magna, ac consequat metus sapien ut nunc. Vestibulum ante ipsum primis in faucibus orci luctus et ultrices posuere cubilia Curae; Mauris viverra diam vitae quam. Suspendisse potenti.', 1, '2019-09-25T21:31:53Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Drama/Mex', 'Aenean fermentum. Donec ut mauris eget massa tempor convallis. Nulla neque libero, convallis eget, eleifend luctus, ultricies eu, nibh.
    //     Quisque id justo sit amet sapien dignissim vestibulum. Vestibulum ante ipsum primis in faucibus orci luctus et ultrices posuere cubilia Curae; Nulla dapibus dolor vel est. Donec odio justo, sollicitudin ut, suscipit a, feugiat et, eros.', 1, '2020-03-26T17:42:56Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('The Sinners of Hell', 'Quisque id justo sit amet sapien dignissim vestibulum. Vestibulum ante ipsum primis in faucibus orci luctus et ultrices posuere cubilia Curae; Nulla dapibus dolor vel est. Donec odio justo, sollicitudin ut, suscipit a, feugiat et, eros.
    //     Vestibulum ac est lacinia nisi venenatis tristique. Fusce congue, diam id ornare imperdiet, sapien urna pretium nisl, ut volutpat sapien arcu sed augue. Aliquam erat volutpat.', 1, '2020-04-01T09:38:40Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Moment of Truth, The (Il momento della verità)', 'Maecenas tristique, est et tempus semper, est quam pharetra magna, ac consequat metus sapien ut nunc. Vestibulum ante ipsum primis in faucibus orci luctus et ultrices posuere cubilia Curae; Mauris viverra diam vitae quam. Suspendisse potenti.
    //     Nullam porttitor lacus at turpis. Donec posuere metus vitae ipsum. Aliquam non mauris.', 1, '2020-07-19T11:36:12Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Hamburg Syndrome, The (Die Hamburger Krankheit)', 'Duis consequat dui nec nisi volutpat eleifend. Donec ut dolor. Morbi vel lectus in quam fringilla rhoncus.', 1, '2020-02-02T08:44:47Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Win/win', 'Quisque id justo sit amet sapien dignissim vestibulum. Vestibulum ante ipsum primis in faucibus orci luctus et ultrices posuere cubilia Curae; Nulla dapibus dolor vel est. Donec odio justo, sollicitudin ut, suscipit a, feugiat et, eros.', 1, '2020-07-05T03:33:14Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Man Called Gannon, A', 'Maecenas tristique, est et tempus semper, est quam pharetra magna, ac consequat metus sapien ut nunc. Vestibulum ante ipsum primis in faucibus orci luctus et ultrices posuere cubilia Curae; Mauris viverra diam vitae quam. Suspendisse potenti.', 1, '2020-03-12T07:26:46Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Calculator', 'Etiam vel augue. Vestibulum rutrum rutrum neque. Aenean auctor gravida sem.', 1, '2020-04-13T14:11:50Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Loose Change 9/11: An American Coup', 'Aenean lectus. Pellentesque eget nunc. Donec quis orci eget orci vehicula condimentum.
    //     Curabitur in libero ut massa volutpat convallis. Morbi odio odio, elementum eu, interdum eu, tincidunt in, leo. Maecenas pulvinar lobortis est.
    //     Phasellus sit amet erat. Nulla tempus. Vivamus in felis eu sapien cursus vestibulum.', 1, '2020-07-05T21:26:05Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Gas, Inspector Palmu! (Kaasua, komisario Palmu!)', 'Pellentesque at nulla. Suspendisse potenti. Cras in purus eu magna vulputate luctus.
    //     Cum sociis natoque penatibus et magnis dis parturient montes, nascetur ridiculus mus. Vivamus vestibulum sagittis sapien. Cum sociis natoque penatibus et magnis dis parturient montes, nascetur ridiculus mus.
    //     Etiam vel augue. Vestibulum rutrum rutrum neque. Aenean auctor gravida sem.', 1, '2020-02-11T21:19:45Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Here be Dragons', 'Duis consequat dui nec nisi volutpat eleifend. Donec ut dolor. Morbi vel lectus in quam fringilla rhoncus.', 1, '2019-12-06T09:03:38Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Making ''The New World''', 'Duis bibendum. Morbi non quam nec dui luctus rutrum. Nulla tellus.
    //     In sagittis dui vel nisl. Duis ac nibh. Fusce lacus purus, aliquet at, feugiat non, pretium quis, lectus.', 1, '2020-07-02T20:04:50Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Wanderers', 'Maecenas tristique, est et tempus semper, est quam pharetra magna, ac consequat metus sapien ut nunc. Vestibulum ante ipsum primis in faucibus orci luctus et ultrices posuere cubilia Curae; Mauris viverra diam vitae quam. Suspendisse potenti.
    //     Nullam porttitor lacus at turpis. Donec posuere metus vitae ipsum. Aliquam non mauris.', 1, '2019-08-25T06:30:49Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Without Bias (a.k.a. Len Bias)', 'Fusce consequat. Nulla nisl. Nunc nisl.
    //     Duis bibendum, felis sed interdum venenatis, turpis enim blandit mi, in porttitor pede justo eu massa. Donec dapibus. Duis at velit eu est congue elementum.', 1, '2020-01-13T10:31:29Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Why Has Bodhi-Dharma Left for the East?: A Zen Fable (Dharmaga tongjoguro kan kkadalgun)', 'Praesent id massa id nisl venenatis lacinia. Aenean sit amet justo. Morbi ut odio.
    //     Cras mi pede, malesuada in, imperdiet et, commodo vulputate, justo. In blandit ultrices enim. Lorem ipsum dolor sit amet, consectetuer adipiscing elit.
    //     Proin interdum mauris non ligula pellentesque ultrices. Phasellus id sapien in sapien iaculis congue. Vivamus metus arcu, adipiscing molestie, hendrerit at, vulputate vitae, nisl.', 1, '2020-02-19T15:17:52Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Electra, My Love (Szerelmem, Elektra)', 'Praesent blandit. Nam nulla. Integer pede justo, lacinia eget, tincidunt eget, tempus vel, pede.
    //     Morbi porttitor lorem id ligula. Suspendisse ornare consequat lectus. In est risus, auctor sed, tristique in, tempus sit amet, sem.
    //     Fusce consequat. Nulla nisl. Nunc nisl.', 1, '2019-09-18T06:50:33Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Last Exorcism Part II, The', 'Etiam vel augue. Vestibulum rutrum rutrum neque. Aenean auctor gravida sem.
    //     Praesent id massa id nisl venenatis lacinia. Aenean sit amet justo. Morbi ut odio.', 1, '2020-03-29T03:42:49Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Nazty Nuisance', 'Aliquam quis turpis eget elit sodales scelerisque. Mauris sit amet eros. Suspendisse accumsan tortor quis turpis.
    //     Sed ante. Vivamus tortor. Duis mattis egestas metus.', 1, '2019-09-11T05:24:02Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Blue Gate Crossing (Lan se da men)', 'Maecenas ut massa quis augue luctus tincidunt. Nulla mollis molestie lorem. Quisque ut erat.', 1, '2020-02-25T18:03:20Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Cargo', 'Integer tincidunt ante vel ipsum. Praesent blandit lacinia erat. Vestibulum sed magna at nunc commodo placerat.', 1, '2020-07-02T22:31:18Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Dragon Ball Z: The History of Trunks (Doragon bôru Z: Zetsubô e no hankô!! Nokosareta chô senshi - Gohan to Torankusu)', 'Praesent blandit. Nam nulla. Integer pede justo, lacinia eget, tincidunt eget, tempus vel, pede.
    //     Morbi porttitor lorem id ligula. Suspendisse ornare consequat lectus. In est risus, auctor sed, tristique in, tempus sit amet, sem.
    //     Fusce consequat. Nulla nisl. Nunc nisl.', 1, '2020-03-13T16:00:37Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('I Give It a Year', 'Mauris enim leo, rhoncus sed, vestibulum sit amet, cursus id, turpis. Integer aliquet, massa id lobortis convallis, tortor risus dapibus augue, vel accumsan tellus nisi eu orci. Mauris lacinia sapien quis libero.
    //     Nullam sit amet turpis elementum ligula vehicula consequat. Morbi a ipsum. Integer a nibh.
    //     In quis justo. Maecenas rhoncus aliquam lacus. Morbi quis tortor id nulla ultrices aliquet.', 1, '2019-10-26T21:28:42Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Adrift (À Deriva)', 'Morbi non lectus. Aliquam sit amet diam in magna bibendum imperdiet. Nullam orci pede, venenatis non, sodales sed, tincidunt eu, felis.', 1, '2019-10-01T21:50:59Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Master of the Flying Guillotine (Du bi quan wang da po xue di zi)', 'Vestibulum ac est lacinia nisi venenatis tristique. Fusce congue, diam id ornare imperdiet, sapien urna pretium nisl, ut volutpat sapien arcu sed augue. Aliquam erat volutpat.
    //     In congue. Etiam justo. Etiam pretium iaculis justo.', 1, '2020-01-04T06:01:01Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Babyfever', 'Maecenas tristique, est et tempus semper, est quam pharetra magna, ac consequat metus sapien ut nunc. Vestibulum ante ipsum primis in faucibus orci luctus et ultrices posuere cubilia Curae; Mauris viverra diam vitae quam. Suspendisse potenti.
    //     Nullam porttitor lacus at turpis. Donec posuere metus vitae ipsum. Aliquam non mauris.
    //     Morbi non lectus. Aliquam sit amet diam in magna bibendum imperdiet. Nullam orci pede, venenatis non, sodales sed, tincidunt eu, felis.', 1, '2020-06-17T05:20:43Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Independents', 'Vestibulum ac est lacinia nisi venenatis tristique. Fusce congue, diam id ornare imperdiet, sapien urna pretium nisl, ut volutpat sapien arcu sed augue. Aliquam erat volutpat.', 1, '2020-01-23T04:49:00Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Now and Then', 'Phasellus sit amet erat. Nulla tempus. Vivamus in felis eu sapien cursus vestibulum.', 1, '2020-02-07T15:05:27Z');
    //     insert into post (title, text, "creatorId", "createdAt") values ('Zed & Two Noughts, A', 'Praesent id massa id nisl venenatis lacinia. Aenean sit amet justo. Morbi ut odio.
    //     Cras mi pede, malesuada in, imperdiet et, commodo vulputate, justo. In blandit ultrices enim. Lorem ipsum dolor sit amet, consectetuer adipiscing elit.', 1, '2020-06-21T10:42:55Z');
    //     `);
  }

  public async down(_: QueryRunner): Promise<void> {}
}
